import NTM

/// Everything the DNC page shows, as a value: a DNC's memory state (memory, usage, links,
/// precedence and last weightings, no controller), the interface set by hand, and what the
/// user is selecting. The stages are never computed here: ``access`` asks the library
/// (`DNC.access`, the function a trained DNC's step calls), and space takes that step.
///
/// ```swift
/// var state = DNCPlaygroundState(preset: DNCPlaygroundPreset.all[1])  // free, then reuse
/// state.access.write.weighting   // all weight on location 2, the freed one
/// state.takeStep()               // the memory moves on
/// ```
public struct DNCPlaygroundState: Sendable {
  /// N and W of the page's memory: small enough that the link matrix fits beside it.
  public static let locations = 8
  public static let width = 6
  /// The ladder of key strengths (β ≥ 1 in the DNC).
  public static let keyStrengthLadder: [Float] = [1, 2, 3, 5, 10, 20, 50]

  /// The state the next step starts from.
  public var memoryState: DNCState<Float>
  public var settings: DNCPlaygroundSettings
  /// The write vectors v can be: the NTM page's ±1 patterns for the same seed.
  public let patterns: [[Float]]
  /// The states (and settings) before each step taken, for undoing.
  public private(set) var history: [(state: DNCState<Float>, settings: DNCPlaygroundSettings)] = []

  /// The preset last loaded (index into `DNCPlaygroundPreset.all`).
  public var presetIndex: Int
  public var selected: DNCPlaygroundParameter
  public var showsHelp = false
  /// A short message for the status line.
  public var message: String?

  public init(preset: DNCPlaygroundPreset = DNCPlaygroundPreset.all[0], memorySeed: UInt64 = 1) {
    let seeded = PlaygroundState.seededMemory(seed: memorySeed)
    patterns = (0..<seeded.rows).map { seeded.row($0) }
    memoryState = DNCState(
      locations: DNCPlaygroundState.locations, width: DNCPlaygroundState.width, readHeads: 1)
    settings = DNCPlaygroundSettings()
    presetIndex = 0
    selected = preset.selected
    apply(preset)
  }

  public var preset: DNCPlaygroundPreset { DNCPlaygroundPreset.all[presetIndex] }

  /// The interface the current settings give on the current memory.
  public var interface: DNCInterface<Float> {
    settings.interface(memory: memoryState.memory, patterns: patterns)
  }

  /// Every stage of the next step, from the library.
  public var access: DNCAccessRecord<Float> {
    DNC.access(interface, from: memoryState, deallocation: settings.deallocation)
  }

  /// The library's sentences on the next step.
  public var summary: DNCAccessSummary { DNCAccessSummary(interface: interface, access: access) }

  /// Steps taken since the preset was loaded.
  public var steps: Int { history.count }

  /// Loads a preset: runs its preparation from an empty memory, then sets its interface.
  public mutating func apply(_ preset: DNCPlaygroundPreset) {
    presetIndex = DNCPlaygroundPreset.all.firstIndex(of: preset) ?? presetIndex
    memoryState = DNCState(
      locations: DNCPlaygroundState.locations, width: DNCPlaygroundState.width, readHeads: 1)
    for step in preset.setup { prepare(step) }
    settings = preset.settings
    selected = preset.selected
    history = []
  }

  private mutating func prepare(_ step: DNCPlaygroundPreset.SetupStep) {
    var settings = DNCPlaygroundSettings()
    settings.readMode = [0, 0, 1]  // no read: nothing was read before, so nothing leads on
    switch step {
    case .readAt(let location):
      memoryState.readWeightings[0] = PlaygroundState.oneHot(at: location, locations: memoryState.memory.rows)
      return
    case .write(let pattern, let writeGate):
      settings.addPattern = pattern
      settings.writeGate = writeGate
    case .freeAndWrite(let pattern):
      settings.addPattern = pattern
      settings.freeGate = 1
    }
    let access = DNC.access(
      settings.interface(memory: memoryState.memory, patterns: patterns), from: memoryState,
      deallocation: false)
    memoryState = access.advancing(memoryState)
  }

  /// Takes the step: the memory, usage, links, precedence and weightings become the step's, and
  /// v moves on to the next pattern when the step wrote, so successive writes store a sequence.
  public mutating func takeStep() {
    history.append((memoryState, settings))
    let wrote = settings.writeGate > 0
    memoryState = access.advancing(memoryState)
    memoryState.time += 1
    if wrote { settings.addPattern = (settings.addPattern + 1) % patterns.count }
  }

  /// Undoes the last step.
  public mutating func undoStep() {
    guard let last = history.popLast() else { return }
    (memoryState, settings) = last
  }

  /// Changes a parameter one notch up (`direction` > 0) or down: keys to the next or previous
  /// row, β along its ladder, gates and e by 0.1, a read mode by 0.1 with the others rescaled
  /// so that π sums to 1, v to the next pattern, the fixes to their next setting.
  public mutating func adjust(_ parameter: DNCPlaygroundParameter, by direction: Int) {
    guard direction != 0 else { return }
    let n = memoryState.memory.rows
    func tenth(_ value: Float) -> Float {
      min(max(((value * 10).rounded() + Float(direction.signum())) / 10, 0), 1)
    }
    func next<T: Equatable>(_ value: T, in values: [T]) -> T {
      let i = values.firstIndex(of: value) ?? 0
      return values[min(max(i + direction.signum(), 0), values.count - 1)]
    }
    func ladder(_ value: Float) -> Float {
      let l = DNCPlaygroundState.keyStrengthLadder
      return direction > 0
        ? (l.first { $0 > value + 1e-4 } ?? l.last!) : (l.last { $0 < value - 1e-4 } ?? l.first!)
    }
    switch parameter {
    case .writeKey: settings.writeKeyRow = (settings.writeKeyRow + direction.signum() + n) % n
    case .writeKeyStrength: settings.writeKeyStrength = ladder(settings.writeKeyStrength)
    case .allocationGate: settings.allocationGate = tenth(settings.allocationGate)
    case .writeGate: settings.writeGate = tenth(settings.writeGate)
    case .erase: settings.erase = tenth(settings.erase)
    case .add:
      settings.addPattern = (settings.addPattern + direction.signum() + patterns.count) % patterns.count
    case .freeGate: settings.freeGate = tenth(settings.freeGate)
    case .readKey: settings.readKeyRow = (settings.readKeyRow + direction.signum() + n) % n
    case .readKeyStrength: settings.readKeyStrength = ladder(settings.readKeyStrength)
    case .backwardMode, .contentMode, .forwardMode:
      let index = parameter.modeIndex!
      setReadMode(index, to: tenth(settings.readMode[index]))
    case .deallocation: settings.deallocation = direction > 0
    case .masking: settings.masking = next(settings.masking, in: DNCPlaygroundMask.allCases)
    case .linkSharpness:
      settings.linkSharpness = next(settings.linkSharpness, in: DNCPlaygroundSharpness.ladder)
    }
  }

  /// Sets one read mode (0…1) and rescales the others to keep Σ π = 1.
  public mutating func setReadMode(_ index: Int, to value: Float) {
    settings.readMode = PlaygroundState.distribution(settings.readMode, setting: index, to: value)
  }
}
