/// The tasks by their command-line names.
///
/// ```swift
/// let task = try TaskName(parsing: "repeat-copy").make(parameters: ["maxRepeats": "20"])
/// ```
public enum TaskName: String, CaseIterable, Sendable, Codable {
  /// ``CopyTask``.
  case copy = "copy"
  /// ``RepeatCopyTask``.
  case repeatCopy = "repeat-copy"
  /// ``AssociativeRecallTask``.
  case associativeRecall = "associative-recall"
  /// ``DynamicNGramsTask``.
  case dynamicNGrams = "dynamic-ngrams"
  /// ``PrioritySortTask``.
  case prioritySort = "priority-sort"
  /// ``BalancedParenthesesTask``: not in the paper.
  case balancedParentheses = "balanced-parentheses"
  case memoryReuse = "memory-reuse"

  /// Every name: the NTM paper's tasks in its order, then balanced parentheses (in neither
  /// paper), then the DNC paper's memory reuse.
  public static var allNames: [String] { allCases.map(\.rawValue) }

  /// The task called `name`, or `TaskError.unknownTask` listing the valid names.
  public init(parsing name: String) throws {
    guard let value = TaskName(rawValue: name) else { throw TaskError.unknownTask(name) }
    self = value
  }

  /// The task with the given parameters (missing ones take the paper's defaults).
  public func make(parameters: [String: String] = [:]) throws -> any TaskGenerator {
    switch self {
    case .copy: return try CopyTask(parameters: parameters)
    case .repeatCopy: return try RepeatCopyTask(parameters: parameters)
    case .associativeRecall: return try AssociativeRecallTask(parameters: parameters)
    case .dynamicNGrams: return try DynamicNGramsTask(parameters: parameters)
    case .prioritySort: return try PrioritySortTask(parameters: parameters)
    case .balancedParentheses: return try BalancedParenthesesTask(parameters: parameters)
    case .memoryReuse: return try MemoryReuseTask(parameters: parameters)
    }
  }
}

/// The task called `name` with the given parameters, as strings from a command line or a
/// checkpoint; missing parameters take the paper's defaults.
///
/// Throws `TaskError` for an unknown name (the message lists the valid names), an unknown
/// parameter, a value that is not a whole number, or a value out of range.
public func makeTask(named name: String, parameters: [String: String] = [:]) throws -> any TaskGenerator {
  try TaskName(parsing: name).make(parameters: parameters)
}
