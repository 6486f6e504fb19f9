import Foundation

/// Why a task could not be made or an episode could not be built.
///
/// Every message names the offending value and says what would have been accepted, because these
/// errors mostly reach a person who typed a command line (`ntm train --task copi`).
public enum TaskError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// No task has this name.
  case unknownTask(String)
  /// The task has no parameter of this name; `valid` lists the ones it has.
  case unknownParameter(task: String, parameter: String, valid: [String])
  /// A parameter's text is not a whole number.
  case notAnInteger(task: String, parameter: String, value: String)
  /// A parameter is outside its allowed range.
  case parameterOutOfRange(task: String, parameter: String, value: Int, valid: ClosedRange<Int>)
  /// A minimum exceeds its maximum (e.g. minLength 5, maxLength 3).
  case emptyRange(task: String, lower: String, lowerValue: Int, upper: String, upperValue: Int)
  /// `checkedEpisode(size:using:)` was asked for a size the task cannot build.
  case sizeOutOfRange(task: String, sizeName: String, size: Int, valid: ClosedRange<Int>)
  /// A repeat count was given for a task that has none.
  case noRepeatCount(task: String)

  public var description: String {
    switch self {
    case .unknownTask(let name):
      return "unknown task '\(name)'; valid tasks are \(TaskName.allNames.joined(separator: ", "))"
    case .unknownParameter(let task, let parameter, let valid):
      return "\(task) has no parameter '\(parameter)'; its parameters are \(valid.joined(separator: ", "))"
    case .notAnInteger(let task, let parameter, let value):
      return "\(task): \(parameter) must be a whole number, not '\(value)'"
    case .parameterOutOfRange(let task, let parameter, let value, let valid):
      return "\(task): \(parameter) must be \(Self.describe(valid)), not \(value)"
    case .emptyRange(let task, let lower, let lowerValue, let upper, let upperValue):
      return "\(task): \(lower) (\(lowerValue)) must not exceed \(upper) (\(upperValue))"
    case .sizeOutOfRange(let task, let sizeName, let size, let valid):
      return "\(task): \(sizeName) must be \(Self.describe(valid)), not \(size)"
    case .noRepeatCount(let task):
      return "\(task) has no repeat count; only \(TaskName.repeatCopy.rawValue) has"
    }
  }

  public var errorDescription: String? { description }

  private static func describe(_ range: ClosedRange<Int>) -> String {
    range.upperBound == Int.max
      ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
  }
}

/// Reads a task's parameters from strings (command line, checkpoint metadata), rejecting names the
/// task does not have so that a typo is not silently replaced by a default.
struct TaskParameterReader {
  let task: String
  let given: [String: String]

  init(task: String, given: [String: String], known: [String]) throws {
    for key in given.keys.sorted() where !known.contains(key) {
      throw TaskError.unknownParameter(task: task, parameter: key, valid: known.sorted())
    }
    self.task = task
    self.given = given
  }

  /// The parameter's value, or `defaultValue` when it was not given.
  func int(_ key: String, default defaultValue: Int) throws -> Int {
    guard let text = given[key] else { return defaultValue }
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
      throw TaskError.notAnInteger(task: task, parameter: key, value: text)
    }
    return value
  }
}

/// Checks shared by the tasks' initialisers.
enum TaskValidation {
  static func require(
    _ value: Int, _ name: String, in valid: ClosedRange<Int>, task: String
  ) throws {
    guard valid.contains(value) else {
      throw TaskError.parameterOutOfRange(task: task, parameter: name, value: value, valid: valid)
    }
  }

  /// Both bounds in `valid`, and `lower <= upper`.
  static func requireRange(
    _ lower: Int, _ lowerName: String, _ upper: Int, _ upperName: String,
    in valid: ClosedRange<Int>, task: String
  ) throws {
    try require(lower, lowerName, in: valid, task: task)
    try require(upper, upperName, in: valid, task: task)
    guard lower <= upper else {
      throw TaskError.emptyRange(
        task: task, lower: lowerName, lowerValue: lower, upper: upperName, upperValue: upper)
    }
  }
}
