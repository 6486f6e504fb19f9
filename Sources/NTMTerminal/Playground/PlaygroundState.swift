import NTM

/// Everything the playground screen shows, as a value: a memory, one head's hand-set addressing
/// parameters and its previous weighting, and what the user is selecting or typing. The memory
/// is the presets' 16 × 6 teaching memory, or a trained model's own at one of its steps
/// (`init(head:memory:shifts:origin:)`), shown 16 locations at a time.
///
/// The addressing stages are never computed here: `record` asks the library
/// (`AddressingRecord(key:keyStrength:…)`, the forward pass `Machine.step` uses), so what the
/// screen shows is exactly what a trained machine would compute for the same numbers.
///
/// ```swift
/// var state = PlaygroundState(preset: PlaygroundPreset.all[2])   // iterate by one
/// state.stepHead()                                                // previous := w
/// state.record.weighting                                          // focus one location further
/// ```
public struct PlaygroundState: Sendable {
  /// The presets' allowed shifts: one location down, stay, one location up.
  public static let defaultShifts: ClosedRange<Int> = -1...1
  /// The presets' memory: 16 locations of 6 values.
  public static let defaultLocations = 16
  public static let defaultWidth = 6
  /// Locations drawn at a time; a larger memory scrolls with the cursor.
  public static let visibleLocations = 16

  /// The ladder of key strengths ←/→ move along: finer near 0, where β changes most.
  public static let keyStrengthLadder: [Float] = [0, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100]
  /// The ladder of sharpening exponents.
  public static let sharpeningLadder: [Float] = [1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50]
  /// How much +/- changes a memory or key value.
  public static let valueStep: Float = 0.25

  /// M: a row per location.
  public var memory: Matrix<Float>
  /// The offsets the shift weighting covers, lowest first.
  public var shifts: ClosedRange<Int> = PlaygroundState.defaultShifts
  /// The first location drawn (`visibleLocations` from here, circularly).
  public var firstVisible = 0
  /// The model step this playground was opened on, if it was; `r` goes back to its values.
  public var origin: PlaygroundOrigin?
  /// The seed of the memory's ±1 patterns (`R` draws new ones).
  public var memorySeed: UInt64
  /// k, β, g, s (offsets −1, 0, +1), γ.
  public var key: [Float]
  public var keyStrength: Float
  public var interpolationGate: Float
  public var shiftWeighting: [Float]
  public var sharpening: Float
  /// wₜ₋₁.
  public var previous: [Float]
  /// The previous weightings before each step of the head, for undoing steps.
  public internal(set) var history: [[Float]] = []

  /// The preset last loaded (index into `PlaygroundPreset.all`), whose explanation is shown.
  public var presetIndex: Int
  public var selected: PlaygroundParameter
  /// The stage whose formula is shown.
  public var stage: PlaygroundStage
  public var focus: Focus = .parameters
  /// The memory cell under the edit cursor: location −1 is the key column, left of location 0.
  public var cursor: (location: Int, component: Int) = (0, 0)
  /// A line being typed (a key or a memory row), or nil.
  public var prompt: Prompt?
  public var showsHelp = false
  /// Opened from the viewer, which `q` returns to.
  public var embedded = false
  /// A short message for the status line (an error, a confirmation).
  public var message: String?

  public enum Focus: Hashable, Sendable {
    /// ↑/↓ select a parameter, ←/→ change it.
    case parameters
    /// The arrows move over the key column and the memory cells, +/- change a value.
    case memory
  }

  /// A line the user types: values for the key or for a memory row.
  public struct Prompt: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
      case key
      case row(Int)
    }
    public var target: Target
    public var text: String

    public init(target: Target, text: String = "") {
      self.target = target
      self.text = text
    }
  }

  public init(preset: PlaygroundPreset = PlaygroundPreset.all[0], memorySeed: UInt64 = 1) {
    self.memorySeed = memorySeed
    memory = PlaygroundState.seededMemory(seed: memorySeed)
    key = [Float](repeating: 0, count: PlaygroundState.defaultWidth)
    keyStrength = 1
    interpolationGate = 1
    shiftWeighting = [0, 1, 0]
    sharpening = 1
    previous = [Float](repeating: 0, count: PlaygroundState.defaultLocations)
    presetIndex = 0
    selected = .keyStrength
    stage = .content
    apply(preset)
  }

  /// The four stages for the current numbers, from the library.
  public var record: AddressingRecord<Float> {
    AddressingRecord(
      key: key, keyStrength: keyStrength, interpolationGate: interpolationGate,
      shiftWeighting: shiftWeighting, sharpening: sharpening, previous: previous, memory: memory,
      shifts: shifts)
  }

  /// The library's one-sentence account of the current addressing.
  public var summary: AddressingSummary { AddressingSummary(record, shifts: shifts) }

  /// The number of memory locations N.
  public var locations: Int { memory.rows }
  /// The parameters on the parameter line, in order.
  public var parameters: [PlaygroundParameter] { PlaygroundParameter.all(shifts: shifts) }

  public var preset: PlaygroundPreset { PlaygroundPreset.all[presetIndex] }

  /// Steps of the head taken since the preset was loaded.
  public var steps: Int { history.count }

  /// The memory row equal to the key, if there is one (after "copy row into key").
  public var keyRow: Int? {
    (0..<memory.rows).first { memory.row($0) == key }
  }

  // MARK: Presets and memory

  /// Loads a preset: its parameters and previous focus, on the seeded memory.
  public mutating func apply(_ preset: PlaygroundPreset) {
    presetIndex = PlaygroundPreset.all.firstIndex(of: preset) ?? presetIndex
    memory = PlaygroundState.seededMemory(seed: memorySeed)
    shifts = PlaygroundState.defaultShifts
    firstVisible = 0
    switch preset.key {
    case .row(let i): key = memory.row(i)
    case .values(let v): key = v
    }
    keyStrength = preset.keyStrength
    interpolationGate = preset.interpolationGate
    shiftWeighting = preset.shiftWeighting
    sharpening = preset.sharpening
    previous = PlaygroundState.oneHot(at: preset.previousFocus, locations: PlaygroundState.defaultLocations)
    history = []
    select(preset.selected)
    focus = .parameters
    prompt = nil
    cursor.component = min(cursor.component, memory.columns - 1)
    moveCursor(to: cursor.location)
  }

  /// Sixteen distinct patterns of ±1 (of the 64 there are), drawn with the project's seeded
  /// generator so that the same seed gives the same memory everywhere.
  public static func seededMemory(seed: UInt64) -> Matrix<Float> {
    let (locations, width) = (defaultLocations, defaultWidth)
    var rng = SeededGenerator(seed: seed)
    var patterns = Array(0..<(1 << width))
    // Fisher–Yates with our generator (the standard library's shuffle may change between versions).
    for i in stride(from: patterns.count - 1, to: 0, by: -1) {
      patterns.swapAt(i, rng.int(in: 0...i))
    }
    var values: [Float] = []
    for pattern in patterns.prefix(locations) {
      for bit in 0..<width { values.append(pattern & (1 << (width - 1 - bit)) != 0 ? 1 : -1) }
    }
    return Matrix(rows: locations, columns: width, values: values)
  }

  /// A weighting with all its weight on one location.
  public static func oneHot(at location: Int, locations: Int = defaultLocations) -> [Float] {
    (0..<locations).map { $0 == location ? 1 : 0 }
  }

  // MARK: The head

  /// Steps the head: the final weighting becomes the previous one.
  public mutating func stepHead() {
    history.append(previous)
    previous = record.weighting
  }

  /// Undoes the last step of the head.
  public mutating func undoStep() {
    if let last = history.popLast() { previous = last }
  }

  /// Puts all of wₜ₋₁ on one location.
  public mutating func focusPrevious(at location: Int) {
    previous = PlaygroundState.oneHot(at: min(max(location, 0), locations - 1), locations: locations)
  }

  /// Selects a parameter and shows the formula of the stage it acts on.
  public mutating func select(_ parameter: PlaygroundParameter) {
    selected = parameter
    stage = parameter.stage
  }

  /// Changes the selected parameter one notch up (`direction` > 0) or down. β and γ move along
  /// their ladders, g by 0.1, a shift weight by 0.1 with the others rescaled so that s sums to 1,
  /// and the key becomes the next or previous memory row.
  public mutating func adjust(_ parameter: PlaygroundParameter, by direction: Int) {
    guard direction != 0 else { return }
    switch parameter {
    case .key:
      let n = memory.rows
      let row = keyRow.map { ($0 + (direction > 0 ? 1 : n - 1)) % n } ?? (direction > 0 ? 0 : n - 1)
      key = memory.row(row)
    case .keyStrength:
      keyStrength = PlaygroundState.step(keyStrength, along: PlaygroundState.keyStrengthLadder, by: direction)
    case .interpolationGate:
      interpolationGate = min(
        max(((interpolationGate * 10).rounded() + Float(direction.signum())) / 10, 0), 1)
    case .shift(let offset):
      let index = offset - shifts.lowerBound
      let value = ((shiftWeighting[index] * 10).rounded() + Float(direction.signum())) / 10
      setShiftWeight(index, to: value)
    case .sharpening:
      sharpening = PlaygroundState.step(sharpening, along: PlaygroundState.sharpeningLadder, by: direction)
    }
  }

  /// Sets one shift weight (clamped to 0…1) and rescales the others to keep Σ s = 1.
  public mutating func setShiftWeight(_ index: Int, to value: Float) {
    shiftWeighting = PlaygroundState.distribution(shiftWeighting, setting: index, to: value)
  }

  /// A distribution with one weight set (clamped to 0…1) and the others rescaled to keep the
  /// sum 1; when the others are all zero they share the rest equally. The shift weighting and
  /// the DNC's read modes are changed this way.
  static func distribution(_ weights: [Float], setting index: Int, to value: Float) -> [Float] {
    let v = min(max(value, 0), 1)
    let others = weights.indices.filter { $0 != index }
    let otherTotal = others.reduce(Float(0)) { $0 + weights[$1] }
    var result = weights
    for j in others {
      result[j] = otherTotal > 1e-6 ? weights[j] * (1 - v) / otherTotal : (1 - v) / Float(others.count)
    }
    result[index] = v
    return result
  }

  /// The next ladder value above (or below) `value`.
  static func step(_ value: Float, along ladder: [Float], by direction: Int) -> Float {
    let tolerance: Float = 1e-4
    if direction > 0 {
      return ladder.first { $0 > value + tolerance } ?? ladder.last!
    }
    return ladder.last { $0 < value - tolerance } ?? ladder.first!
  }

  /// Moves the cursor to a location (clamped; −1 is the key column) and scrolls the memory
  /// view by the least amount that shows it.
  public mutating func moveCursor(to location: Int) {
    cursor.location = min(max(location, -1), locations - 1)
    let shown = min(PlaygroundState.visibleLocations, locations)
    let target = max(cursor.location, 0)
    if target < firstVisible {
      firstVisible = target
    } else if target >= firstVisible + shown {
      firstVisible = target - shown + 1
    }
    firstVisible = min(max(firstVisible, 0), locations - shown)
  }

  // MARK: Editing memory and key

  /// Adds `delta` to the value under the cursor (a key component at location −1), within −1…1.
  public mutating func changeValue(atLocation location: Int, component: Int, by delta: Float) {
    func changed(_ v: Float) -> Float { min(max(((v + delta) * 100).rounded() / 100, -1), 1) }
    if location < 0 {
      key[component] = changed(key[component])
    } else {
      memory[location, component] = changed(memory[location, component])
    }
  }

  /// Flips the sign of the value under the cursor.
  public mutating func negateValue(atLocation location: Int, component: Int) {
    if location < 0 {
      key[component] = -key[component]
    } else {
      memory[location, component] = -memory[location, component]
    }
  }

  /// Makes the key a copy of a memory row: a lookup of that row is then exact (K = 1).
  public mutating func copyRowIntoKey(_ row: Int) {
    key = memory.row(row)
  }

  /// Values typed for a key or a memory row: `width` numbers separated by spaces or commas
  /// ("1 -1 0.5 1 -1 0"), or a string of `width` signs ("+-+0--", 0 for zero).
  public static func parseValues(_ text: String, width: Int = defaultWidth) -> Result<
    [Float], PlaygroundInputError
  > {
    let trimmed = text.trimmingSpaces
    if trimmed.count == width, trimmed.allSatisfy({ "+-0".contains($0) }) {
      return .success(trimmed.map { $0 == "+" ? 1 : ($0 == "-" ? -1 : 0) })
    }
    let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    var values: [Float] = []
    for token in tokens {
      guard let v = Float(token.replacingMinusSign), v.isFinite else {
        return .failure(PlaygroundInputError("not a number: \(token)"))
      }
      values.append(min(max(v, -1), 1))
    }
    guard values.count == width else {
      return .failure(
        PlaygroundInputError(
          "need \(width) values (or \(width) signs like +-+0--), got \(values.count)"))
    }
    return .success(values)
  }
}

/// Why typed values were rejected, in words for the status line.
public struct PlaygroundInputError: Error, Hashable, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }

  /// "−0.5" (with the Unicode minus the screen shows) parses as "-0.5".
  fileprivate var replacingMinusSign: String {
    String(map { $0 == "−" ? "-" : $0 })
  }
}
