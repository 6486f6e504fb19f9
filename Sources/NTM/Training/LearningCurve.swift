import Foundation

/// The learning curve `ntm train --log FILE` writes, as CSV: a header, then one row per update.
///
/// ```
/// sequences,updates,seconds,train_bits,train_bit_errors,validation_bits,validation_bit_errors
/// 32,1,0.05,91.2,40.1,,
/// 2016,63,1.62,70.4,31.0,68.9,30.2
/// ```
///
/// The training cost is the recent mean per sequence; the validation columns are filled on the
/// rows where the held-out set was evaluated and empty elsewhere. A resumed run appends to the
/// same file, its sequence count carrying on from the checkpoint's.
public struct LearningCurve: Sendable, Equatable {
  /// One row.
  public struct Point: Sendable, Equatable {
    /// Sequences trained on so far.
    public var sequences: Int
    public var updates: Int
    /// Seconds since this run (not the whole training) started.
    public var seconds: Double
    /// The recent mean cost per training sequence.
    public var training: SequenceCost
    /// The cost per sequence on the held-out set, on rows where it was evaluated.
    public var validation: SequenceCost?

    public init(
      sequences: Int, updates: Int, seconds: Double, training: SequenceCost, validation: SequenceCost?
    ) {
      self.sequences = sequences
      self.updates = updates
      self.seconds = seconds
      self.training = training
      self.validation = validation
    }
  }

  public var points: [Point]

  public init(points: [Point]) { self.points = points }

  /// The column names, in order.
  public static let columns = [
    "sequences", "updates", "seconds", "train_bits", "train_bit_errors", "validation_bits",
    "validation_bit_errors",
  ]

  /// The first line of a log file.
  public static var header: String { columns.joined(separator: ",") }

  /// A point as a line of the file (without the newline). Costs are written in their shortest
  /// round-trip form, so reading the file back gives the numbers training computed.
  public static func row(_ p: Point) -> String {
    var fields = [
      String(p.sequences), String(p.updates), String(format: "%.2f", p.seconds), "\(p.training.bits)",
      "\(p.training.bitErrors)",
    ]
    fields += p.validation.map { ["\($0.bits)", "\($0.bitErrors)"] } ?? ["", ""]
    return fields.joined(separator: ",")
  }

  /// Reads a log file's text. Blank lines are skipped; anything else that is not a row of the
  /// format is an error naming the file, the line and the field.
  public init(csv text: String, file: String) throws(LearningCurveError) {
    // "\r\n" is one Character in Swift, and a newline: Windows line endings split here too.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard let first = lines.first else {
      throw LearningCurveError(file: file, line: 1, message: "the file is empty; expected the header")
    }
    guard first.trimmingCharacters(in: .whitespaces) == Self.header else {
      throw LearningCurveError(
        file: file, line: 1, message: "expected the header '\(Self.header)', found '\(first)'")
    }
    var points: [Point] = []
    for (index, line) in lines.enumerated().dropFirst()
    where !line.trimmingCharacters(in: .whitespaces).isEmpty {
      points.append(try Self.point(line, file: file, line: index + 1))
    }
    self.init(points: points)
  }

  private static func point(_ text: Substring, file: String, line: Int) throws(LearningCurveError) -> Point {
    let fields = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    func fail(_ message: String) -> LearningCurveError {
      LearningCurveError(file: file, line: line, message: message)
    }
    guard fields.count == columns.count else {
      throw fail("\(fields.count) fields; a row has \(columns.count) (\(header))")
    }
    func count(_ k: Int) throws(LearningCurveError) -> Int {
      guard let value = Int(fields[k]), value >= 0 else {
        throw fail("\(columns[k]) '\(fields[k])' is not a whole number ≥ 0")
      }
      return value
    }
    func number(_ k: Int) throws(LearningCurveError) -> Double {
      guard let value = Double(fields[k]), value.isFinite else {
        throw fail("\(columns[k]) '\(fields[k])' is not a finite number")
      }
      return value
    }
    var validation: SequenceCost?
    switch (fields[5].isEmpty, fields[6].isEmpty) {
    case (true, true): validation = nil
    case (false, false): validation = SequenceCost(bits: try number(5), bitErrors: try number(6))
    default: throw fail("validation_bits and validation_bit_errors must both be given or both empty")
    }
    return Point(
      sequences: try count(0), updates: try count(1), seconds: try number(2),
      training: SequenceCost(bits: try number(3), bitErrors: try number(4)), validation: validation)
  }
}

/// A learning-curve file that cannot be read, with the place where it goes wrong.
public struct LearningCurveError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// Counting from 1, the header being line 1.
  public var line: Int
  public var message: String

  public var description: String { "\(file), line \(line): \(message)" }
}
