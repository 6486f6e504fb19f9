import Foundation

/// Every range and resource limit the library enforces, in one place (docs/limits.md lists them
/// with the reasons).
///
/// The ranges are generous for the paper's experiments (memory 128 × 20, sequences of a few hundred
/// steps, batches of tens) and stop, before anything is allocated, values that would exhaust memory
/// or overflow arithmetic. The same checks run on flags and on what a checkpoint holds, so a file
/// can never make a later command crash.
public enum Limits {
  // MARK: The machine

  /// N, the memory's locations.
  public static let memoryLocations = 1...65_536
  /// M, the width of a location.
  public static let memoryWidth = 1...4_096
  /// N × M: one copy of memory is at most 16 MiB of `Float`.
  public static let memoryCells = 1...4_194_304
  /// Read heads, and separately write heads.
  public static let heads = 1...64
  /// LSTM layers.
  public static let controllerLayers = 1...16
  /// Units in each controller layer.
  public static let controllerSize = 1...4_096
  /// The width of the machine's input and of its output.
  public static let vectorWidth = 1...65_536
  /// All learned numbers: 64 MiB of `Float` (the optimiser keeps three more copies).
  public static let parameters = 1...16_777_216

  // MARK: Sequences and runs

  /// Timesteps in one episode; every task's sizes are bounded so that its episodes fit.
  public static let steps = 1...100_000
  /// Sequences per parameter update.
  public static let batchSize = 1...4_096
  /// Worker threads.
  public static let threads = 1...256
  /// The held-out validation set.
  public static let validationSequences = 1...100_000
  /// Sequences per row of an evaluation table.
  public static let evaluationSequences = 1...1_000_000
  /// Counters such as sequences seen and updates: exact in a `Double`, and far from overflowing
  /// when a batch is added.
  public static let count = 0...(1 << 53)

  // MARK: Resources

  /// The memory a single run may need (records kept for stepping back or backpropagation,
  /// episodes, gradients), estimated by `Footprint` before it starts.
  public static let runBytes = 2 << 30
  /// The size of a trace file.
  public static let traceBytes = 2 << 30
}

// MARK: - Checks

extension Limits {
  /// Throws unless `range` contains `value`.
  public static func check(_ value: Int, in range: ClosedRange<Int>, _ field: String) throws(ValueError) {
    guard range.contains(value) else {
      throw ValueError(field: field, value: String(value), requirement: "must be \(describe(range))")
    }
  }

  /// Throws unless `value` is finite and greater than zero.
  /// A machine's parameter count (nil when it overflowed) within `parameters`; `field` names
  /// the configuration.
  static func checkParameterCount(_ count: Int?, _ field: String) throws(ValueError) {
    guard let count, parameters.contains(count) else {
      throw ValueError(
        field: field, value: "",
        requirement:
          "needs \(Checked.describe(count)) parameters; the limit is \(parameters.upperBound) (a smaller memory or controller fits)"
      )
    }
  }

  public static func checkPositive(_ value: Double, _ field: String) throws(ValueError) {
    guard value.isFinite, value > 0 else {
      throw ValueError(
        field: field, value: String(value), requirement: "must be a finite number above 0")
    }
  }

  /// Throws unless `value` is finite and not negative.
  public static func checkNonNegative(_ value: Double, _ field: String) throws(ValueError) {
    guard value.isFinite, value >= 0 else {
      throw ValueError(field: field, value: String(value), requirement: "must be a finite number ≥ 0")
    }
  }

  /// Throws unless 0 ≤ `value` < 1 (a decay rate or a momentum).
  public static func checkFraction(_ value: Double, _ field: String) throws(ValueError) {
    guard value >= 0, value < 1 else {
      throw ValueError(field: field, value: String(value), requirement: "must be at least 0 and below 1")
    }
  }

  /// "between 1 and 4096", or "at least 0" for a range open above.
  public static func describe(_ range: ClosedRange<Int>) -> String {
    range.upperBound == Int.max
      ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
  }

  /// Bytes for a message: "3.2 GB", "512 MB".
  public static func describe(bytes: Int?) -> String {
    guard let bytes else { return "more than \(Int.max) bytes" }
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f ", value) + units[unit]
  }
}
