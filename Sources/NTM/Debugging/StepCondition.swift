import Foundation

/// Something that may hold at a step of a run: a wrong output bit, a NaN, or a head measure
/// compared with a threshold. Breakpoints, `n`/`N` and `ntm view --at` all use it.
///
/// Written as text (`StepCondition(parsing:)`, the syntax `docs/debugging.md` documents):
/// ```
/// error                 a wrong output bit
/// nan                   a NaN anywhere in the step's record
/// read0.entropy>2       a head's measure compared with a number: HEAD.MEASURE OP NUMBER,
/// write0.weight<0.5     HEAD is write0, read1, … or any; MEASURE one of HeadMeasure.names
/// any.g>=0.9            (β and γ may be written beta and gamma); OP one of < <= > >= = !=
/// read0.focus=125
/// read0.forward>0.9     a DNC's read mode, free gate (free), allocation or write gate (ga, gw)
/// ```
public enum StepCondition: Sendable, Hashable, CustomStringConvertible {
  case wrongBit
  case notANumber
  case measure(head: HeadSelector, name: String, comparison: Comparison, threshold: Float)

  /// Which heads a measure condition looks at.
  public enum HeadSelector: Sendable, Hashable, CustomStringConvertible {
    case named(String)
    /// Holds when it holds for at least one head.
    case any

    public var description: String {
      switch self {
      case .named(let name): name
      case .any: "any"
      }
    }
  }

  public enum Comparison: String, Sendable, Hashable, CaseIterable {
    // Two-character operators first, so that parsing finds "<=" before "<".
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case equal = "="

    public func holds(_ value: Float, _ threshold: Float) -> Bool {
      switch self {
      case .less: value < threshold
      case .lessOrEqual: value <= threshold
      case .greater: value > threshold
      case .greaterOrEqual: value >= threshold
      case .equal: value == threshold
      case .notEqual: value != threshold
      }
    }
  }

  /// The condition in the syntax it is parsed from.
  public var description: String {
    switch self {
    case .wrongBit: "error"
    case .notANumber: "nan"
    case .measure(let head, let name, let comparison, let threshold):
      "\(head).\(name)\(comparison.rawValue)\(StepCondition.number(threshold))"
    }
  }

  /// Parses `error`, `nan` or `HEAD.MEASURE OP NUMBER` (spaces allowed around the operator).
  public init(parsing text: String) throws(StepConditionError) {
    let trimmed = text.filter { $0 != " " }
    switch trimmed.lowercased() {
    case "error", "wrong", "first-error": self = .wrongBit
    case "nan": self = .notANumber
    default:
      guard let comparison = Comparison.allCases.first(where: { trimmed.contains($0.rawValue) }) else {
        throw StepConditionError(text, "expected error, nan or HEAD.MEASURE OP NUMBER, e.g. read0.entropy>2")
      }
      let parts = trimmed.replacingOccurrences(of: "==", with: "=").components(
        separatedBy: comparison.rawValue)
      guard parts.count == 2, let threshold = Float(parts[1]), threshold.isFinite else {
        throw StepConditionError(text, "the value after \(comparison.rawValue) must be a number")
      }
      let path = parts[0].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard path.count == 2, !path[0].isEmpty else {
        throw StepConditionError(
          text, "expected HEAD.MEASURE before \(comparison.rawValue), e.g. read0.entropy")
      }
      let aliases = [
        "β": "beta", "γ": "gamma", "max": "weight", "h": "entropy", "gᵃ": "ga", "gʷ": "gw", "f": "free",
      ]
      let name = aliases[path[1].lowercased()] ?? path[1].lowercased()
      guard HeadMeasure.names.contains(name) else {
        throw StepConditionError(
          text, "unknown measure '\(path[1])'; measures are \(HeadMeasure.names.joined(separator: ", "))")
      }
      let head = path[0].lowercased()
      self = .measure(
        head: head == "any" ? .any : .named(head), name: name, comparison: comparison, threshold: threshold)
    }
  }

  /// Throws when the condition names a head or a measure the run does not have.
  public func validate(for run: RecordedRun) throws(StepConditionError) {
    guard case .measure(let head, let name, _, _) = self else { return }
    let names = run.heads.map(\.description)
    if case .named(let wanted) = head, !names.contains(wanted) {
      throw StepConditionError(
        description, "no head '\(wanted)' in this run; its heads are \(names.joined(separator: ", "))")
    }
    guard run.measures[0].contains(where: { $0.contains { $0.name == name } }) else {
      let why =
        run.hasAddressing ? "\(run.machine.article) \(run.machine.title)'s" : "a trace without addressing"
      throw StepConditionError(description, "this run's heads have no \(name) (\(why))")
    }
  }

  /// Whether the condition holds at step t.
  public func holds(in run: RecordedRun, at t: Int) -> Bool { explanation(in: run, at: t) != nil }

  /// Why the condition holds at step t, in words ("read0 entropy 2.31 > 2"), or nil if it does not.
  public func explanation(in run: RecordedRun, at t: Int) -> String? {
    switch self {
    case .wrongBit:
      let wrong = run.wrongBits[t]
      return wrong > 0 ? "\(wrong) wrong output bit\(wrong == 1 ? "" : "s")" : nil
    case .notANumber:
      return run.records[t].firstNaN.map { "NaN in \($0)" }
    case .measure(let selector, let name, let comparison, let threshold):
      for (h, id) in run.heads.enumerated() {
        if case .named(let wanted) = selector, wanted != id.description { continue }
        guard let value = run.measure(name, ofHead: h, at: t), comparison.holds(value, threshold) else {
          continue
        }
        return
          "\(id) \(name) \(StepCondition.number(value)) \(comparison.rawValue) \(StepCondition.number(threshold))"
      }
      return nil
    }
  }

  /// A threshold or value as a person would write it: 2, 0.5, 2.31.
  static func number(_ x: Float) -> String {
    if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
    let rounded = (x * 100).rounded() / 100
    return rounded == 0 ? String(x) : String(rounded)
  }
}

/// A condition that could not be parsed, or that does not fit the run.
public struct StepConditionError: Error, Sendable, Equatable, CustomStringConvertible {
  public var text: String
  public var problem: String
  init(_ text: String, _ problem: String) {
    self.text = text
    self.problem = problem
  }
  public var description: String { "'\(text)': \(problem)" }
}

extension RecordedRun {
  /// The first step at or after `start` where the condition holds.
  public func firstStep(where condition: StepCondition, from start: Int = 0) -> Int? {
    (max(start, 0)..<length).first { condition.holds(in: self, at: $0) }
  }

  /// The last step at or before `end` where the condition holds.
  public func lastStep(where condition: StepCondition, through end: Int) -> Int? {
    guard end >= 0 else { return nil }
    return (0...min(end, length - 1)).reversed().first { condition.holds(in: self, at: $0) }
  }
}

extension StepRecord where Scalar == Float {
  /// Where the first NaN of this step is ("read0's weighting", "the output"), or nil.
  public var firstNaN: String? {
    func hasNaN(_ values: [Float]) -> Bool { values.contains { $0.isNaN } }
    if hasNaN(output) { return "the output" }
    for head in heads {
      let a = head.addressing
      let parts: [(String, [Float])] = [
        ("weighting", a.weighting), ("key", a.key), ("β", [a.keyStrength]), ("g", [a.interpolationGate]),
        ("shift weighting", a.shiftWeighting), ("γ", [a.sharpening]),
      ]
      let accessed: [(String, [Float])] =
        switch head.access {
        case .write(let erase, let add): [("erase", erase), ("add", add)]
        case .read(let read): [("read", read)]
        }
      if let (name, _) = (parts + accessed).first(where: { hasNaN($0.1) }) { return "\(head.id)'s \(name)" }
    }
    if hasNaN(memoryAfter.values) { return "the memory" }
    if controller.layers.contains(where: { hasNaN($0.hidden) }) { return "the controller" }
    return nil
  }
}
