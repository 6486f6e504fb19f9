import NTM

/// A starting point of the DNC page that shows one idea of its memory access, as data: the
/// steps that bring the memory to where the idea shows (each taken by the library's
/// `DNC.access`, as the user's own steps are), the hand-set interface, and a paragraph that says
/// what to see. `DNCPlaygroundTests` checks every claim of every paragraph against the library.
public struct DNCPlaygroundPreset: Hashable, Sendable {
  /// One step of a preset's preparation.
  public enum SetupStep: Hashable, Sendable {
    /// Write pattern `pattern` where allocation says, with write gate gʷ (1 for a clean write,
    /// less for a faint one), reading nothing.
    case write(pattern: Int, writeGate: Float)
    /// Put all of the read head's previous weighting on a location, as if it had read there.
    case readAt(Int)
    /// The read head frees the location it read last step (f = 1) and allocation writes a
    /// pattern into the least used location.
    case freeAndWrite(pattern: Int)
  }

  public var name: String
  public var explanation: String
  public var setup: [SetupStep]
  public var settings: DNCPlaygroundSettings
  /// The parameter selected on loading: the one worth changing first.
  public var selected: DNCPlaygroundParameter

  /// Six writes of patterns 0–5 by allocation: locations 0–5 hold them, linked 0 → 1 → … → 5.
  static let sixItems: [SetupStep] = (0..<6).map { .write(pattern: $0, writeGate: 1) }

  /// Key 0 loads the first (the start screen), keys 1–7 the others.
  public static let all: [DNCPlaygroundPreset] = [
    DNCPlaygroundPreset(
      name: "Start here: allocation",
      explanation:
        "An empty 8 × 6 memory and a DNC's write head set to allocate (gᵃ = 1) and write (gʷ = 1). Allocation a puts the write on the least used location, 0. Press space to take the step: v is written there, usage u of location 0 becomes 1, and the next write goes to 1, then 2, … (space also moves v to the next pattern). The link matrix on the right records the order of writing.",
      setup: [],
      settings: .preset { $0.readMode = [0, 0, 1] },
      selected: .allocationGate),
    DNCPlaygroundPreset(
      name: "Free, then reuse",
      explanation:
        "Patterns 0–5 fill locations 0–5 and the read head read location 2 last step. Its free gate f = 1 frees it: retention ψ is 0 at location 2, so its usage drops to 0 and allocation sends this write to location 2, not to the empty location 6. Lower f with ← and the write moves to 6.",
      setup: sixItems + [.readAt(2)],
      settings: .preset {
        $0.freeGate = 1
        $0.addPattern = 6
      },
      selected: .freeGate),
    DNCPlaygroundPreset(
      name: "Follow the links forward",
      explanation:
        "Six patterns went to locations 0–5, then location 2 was freed and a seventh pattern written there, so the order of writing is 3, 4, 5, 2. The read head read location 3 and reads forward (πᶠ = 1), writing nothing: press space and it reads 4, then 5, then 2: the order of writing, not of location. After 2 no link leads on and it reads nothing.",
      setup: sixItems + [.readAt(2), .freeAndWrite(pattern: 6), .readAt(3)],
      settings: .preset {
        $0.writeGate = 0
        $0.readMode = [0, 0, 1]
      },
      selected: .forwardMode),
    DNCPlaygroundPreset(
      name: "Follow the links backward",
      explanation:
        "The same memory, the read head on location 2, reading backward (πᵇ = 1): space reads 5, then 4, then 3, the writes before 2 in reverse order. Location 2's old link from 1 was cut when it was written again, so the walk stops after 3.",
      setup: sixItems + [.readAt(2), .freeAndWrite(pattern: 6), .readAt(2)],
      settings: .preset {
        $0.writeGate = 0
        $0.readMode = [1, 0, 0]
      },
      selected: .backwardMode),
    DNCPlaygroundPreset(
      name: "Look up, then follow",
      explanation:
        "Content and links together: the read key kʳ is a copy of row 3 and πᶜ = 1, so the read finds location 3 by content. Step once, then select πᶠ and raise it to 1: each step now reads the pattern written after the last one, 4, 5, … the way a DNC recalls a sequence from a cue.",
      setup: sixItems,
      settings: .preset {
        $0.writeGate = 0
        $0.readKeyRow = 3
        $0.readKeyStrength = 20
        $0.readMode = [0, 1, 0]
      },
      selected: .forwardMode),
    DNCPlaygroundPreset(
      name: "Fix: de-allocation",
      explanation:
        "The read head frees location 2 (f = 1) and looks up row 2's pattern by content, writing nothing. Without de-allocation a freed location keeps its old values, so the lookup still finds location 2 (cʳ above 0.9) although its usage is 0: a stale item. Switch de-allocation on (select it, →): ψ wipes location 2, and the lookup no longer finds it.",
      setup: sixItems + [.readAt(2)],
      settings: .preset {
        $0.writeGate = 0
        $0.freeGate = 1
        $0.readKeyRow = 2
        $0.readKeyStrength = 20
        $0.readMode = [0, 1, 0]
      },
      selected: .deallocation),
    DNCPlaygroundPreset(
      name: "Fix: masking",
      explanation:
        "The read key is row 4's pattern, but the lookup should match on the first half of the components only, as a query matches an item's address and not its data. Without masking the other half counts too. Switch masking to \"first half\" (select it, →): the key and every row are compared on components 0–2 only, and the rows that agree there share the weight.",
      setup: sixItems,
      settings: .preset {
        $0.writeGate = 0
        $0.readKeyRow = 4
        $0.readKeyStrength = 20
        $0.readMode = [0, 1, 0]
      },
      selected: .masking),
    DNCPlaygroundPreset(
      name: "Fix: link sharpness",
      explanation:
        "Five patterns written faintly (gʷ = 0.7, as a controller unsure whether to write would) leave weak, blurred links: each location is linked a little to every earlier one. The read head read location 1 and reads forward: f puts about half its weight on 2, and some on 3 and 4. Raise link sharpness (select it, →): f is raised to the power s and renormalised, and the weight gathers on location 2.",
      setup: (0..<5).map { .write(pattern: $0, writeGate: 0.7) } + [.readAt(1)],
      settings: .preset {
        $0.writeGate = 0
        $0.readMode = [0, 0, 1]
      },
      selected: .linkSharpness),
  ]
}

extension DNCPlaygroundSettings {
  /// The defaults changed by `change`.
  static func preset(_ change: (inout DNCPlaygroundSettings) -> Void) -> DNCPlaygroundSettings {
    var settings = DNCPlaygroundSettings()
    change(&settings)
    return settings
  }
}
