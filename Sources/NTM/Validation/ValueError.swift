/// A value the library refuses: which field, what value, and the rule it breaks.
///
/// The description reads `"<field> <value>: <requirement>"`, e.g. `batch size 0: must be between 1
/// and 4096` or `memory 100000x100000: needs 10000000000 cells; the limit is 4194304`, so that a
/// person who typed a flag or wrote a file sees at once what to change. Front ends that know a
/// better name for the field (a flag, a metadata key) build the error with that name.
public struct ValueError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What was checked, as a person would call it: "batch size", "--batch", "training.batchSize".
  public var field: String
  /// The offending value as text (already shortened and stripped of control characters).
  public var value: String
  /// The rule, e.g. "must be between 1 and 4096".
  public var requirement: String

  public init(field: String, value: String, requirement: String) {
    self.field = field
    self.value = PrintableText.escaped(value, limit: 80)
    self.requirement = requirement
  }

  /// A message that does not split into field, value and rule.
  public init(_ message: String) {
    self.init(field: message, value: "", requirement: "")
  }

  public var description: String {
    [field, value].filter { !$0.isEmpty }.joined(separator: " ")
      + (requirement.isEmpty ? "" : ": \(requirement)")
  }

  /// The same error reported under another name for the field.
  public func renamed(_ field: String) -> ValueError {
    var copy = self
    copy.field = field
    return copy
  }
}

/// Earlier name of `ValueError`, kept for the configuration's API.
public typealias ConfigurationError = ValueError
