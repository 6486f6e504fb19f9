import NTM

/// The rows of the DNC page, in the order docs/dnc.md computes them, each aligned location by
/// location with the memory: the allocation's stages, the write's, then the read head's. The
/// link matrix and the precedence, which are not one value per location, are drawn beside, and
/// the write's formula gives their update.
public enum DNCPlaygroundStage: Int, CaseIterable, Sendable {
  case retention, usage, freeRank, allocation, writeContent, write
  case previousRead, backward, readContent, forward, read

  /// The row's label: the paper's symbol and a word.
  public var label: String {
    switch self {
    case .retention: "ψ  retention"
    case .usage: "u  usage"
    case .freeRank: "φ  free rank"
    case .allocation: "a  allocation"
    case .writeContent: "cʷ content"
    case .write: "wʷ write"
    case .previousRead: "wʳₜ₋₁ previous"
    case .backward: "b  backward"
    case .readContent: "cʳ content"
    case .forward: "f  forward"
    case .read: "wʳ read"
    }
  }

  /// The stage's name in words, for the formula's heading.
  public var name: String {
    switch self {
    case .retention: "retention (the free gates)"
    case .usage: "usage"
    case .freeRank: "free list"
    case .allocation: "allocation weighting"
    case .writeContent: "write content weighting"
    case .write: "write weighting"
    case .previousRead: "the read head's previous weighting"
    case .backward: "backward weighting"
    case .readContent: "read content weighting"
    case .forward: "forward weighting"
    case .read: "read weighting"
    }
  }

  /// The equation, broken by hand into lines of at most 30 columns.
  public var formulaLines: [String] {
    switch self {
    case .retention: ["ψ(i) = Πⱼ (1 − fʲ wʳ'ʲₜ₋₁(i))"]
    case .usage: ["u = (uₜ₋₁ + wʷₜ₋₁", "     − uₜ₋₁ ∘ wʷₜ₋₁) ∘ ψ"]
    case .freeRank: ["φ = locations sorted by", "    ascending usage"]
    case .allocation: ["a(φⱼ) = (1 − u(φⱼ))", "        Πᵢ₍ᵢ<ⱼ₎ u(φᵢ)"]
    case .writeContent: ["cʷ = C(Mₜ₋₁, kʷ, βʷ)"]
    case .write:
      [
        "wʷ = gʷ [gᵃ a + (1 − gᵃ) cʷ]", "Mₜ = Mₜ₋₁ ∘ (E − wʷ eᵀ) + wʷ vᵀ", "Lₜ(i,j) = (1 − wʷ(i) − wʷ(j))",
        "  Lₜ₋₁(i,j) + wʷ(i) pₜ₋₁(j)", "p = (1 − Σ wʷ) pₜ₋₁ + wʷ",
      ]
    case .previousRead: ["wʳₜ₋₁ = wʳ of the last step", "   (space: wʳₜ₋₁ := wʳ)"]
    case .backward: ["b = Lₜᵀ wʳₜ₋₁"]
    case .readContent: ["cʳ = C(Mₜ, kʳ, βʳ)"]
    case .forward: ["f = Lₜ wʳₜ₋₁"]
    case .read: ["wʳ = πᵇ b + πᶜ cʳ + πᶠ f", "r = Mₜᵀ wʳ"]
    }
  }

  /// What the stage does, in a sentence.
  public var meaning: String {
    switch self {
    case .retention:
      "How much of each location stays in use: a read head with free gate f = 1 releases the location it read last step."
    case .usage:
      "Rises to 1 where the last step wrote, falls where a read head freed the location."
    case .freeRank:
      "The order allocation takes locations in: least used first, ties by location."
    case .allocation:
      "Nearly all weight on the least used location; the next ones get what the used ones leave."
    case .writeContent:
      "A softmax of βʷ times each row's similarity to kʷ: where to write to update an item in place."
    case .write:
      "gᵃ chooses allocation (a fresh location) or content (an old one); gʷ = 0 does not write at all."
    case .previousRead:
      "Where the read head read last step: the links lead on from here, and f frees it."
    case .backward:
      "The locations written just before the ones read last step: the links followed backward."
    case .readContent:
      "A softmax of βʳ times each row's similarity to kʳ, against the memory after this step's write."
    case .forward:
      "The locations written just after the ones read last step: the order of writing, not of location."
    case .read:
      "The read modes π mix the three: backward, content, forward. The read vector r is the memory weighted by it."
    }
  }

  /// The stage's values, one per location (the free list as each location's rank in it).
  public func values(in a: DNCAccessRecord<Float>) -> [Float] {
    let read = a.readHeads[0]
    switch self {
    case .retention: return a.retention
    case .usage: return a.usage
    case .freeRank:
      var rank = [Float](repeating: 0, count: a.usage.count)
      for (position, location) in a.freeList.enumerated() { rank[location] = Float(position) }
      return rank
    case .allocation: return a.allocationWeighting
    case .writeContent: return a.write.contentWeighting
    case .write: return a.write.weighting
    case .previousRead: return read.previousWeighting
    case .backward: return read.backwardWeighting
    case .readContent: return read.contentWeighting
    case .forward: return read.forwardWeighting
    case .read: return read.weighting
    }
  }

  /// Whether the row starts the read head's part (drawn under a rule).
  var startsReadHead: Bool { self == .previousRead }
}

/// What the user selects and changes on the DNC page, in the order of its two parameter lines.
public enum DNCPlaygroundParameter: Hashable, Sendable, CaseIterable {
  case writeKey, writeKeyStrength, allocationGate, writeGate, erase, add
  case freeGate, readKey, readKeyStrength, backwardMode, contentMode, forwardMode
  case deallocation, masking, linkSharpness

  public var symbol: String {
    switch self {
    case .writeKey: "kʷ"
    case .writeKeyStrength: "βʷ"
    case .allocationGate: "gᵃ"
    case .writeGate: "gʷ"
    case .erase: "e"
    case .add: "v"
    case .freeGate: "f"
    case .readKey: "kʳ"
    case .readKeyStrength: "βʳ"
    case .backwardMode: "πᵇ"
    case .contentMode: "πᶜ"
    case .forwardMode: "πᶠ"
    case .deallocation: "de-alloc"
    case .masking: "mask"
    case .linkSharpness: "sharpness"
    }
  }

  /// The index into π of a read-mode parameter.
  var modeIndex: Int? {
    switch self {
    case .backwardMode: 0
    case .contentMode: 1
    case .forwardMode: 2
    default: nil
    }
  }

  /// The stage whose formula is shown while this parameter is selected.
  public var stage: DNCPlaygroundStage {
    switch self {
    case .writeKey, .writeKeyStrength: .writeContent
    case .allocationGate, .writeGate, .erase, .add: .write
    case .freeGate, .deallocation: .retention
    case .readKey, .readKeyStrength, .masking: .readContent
    case .backwardMode, .contentMode, .forwardMode: .read
    case .linkSharpness: .forward
    }
  }
}
