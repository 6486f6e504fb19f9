/// Where `ntm view --at` (and `:` on the screen) goes: a step number, the start or the end, or
/// the first step where a condition holds.
///
/// ```
/// 14            step t = 14 (the trace's t)
/// start, end    before step 0; the last step
/// first-error   the first step with a wrong output bit
/// nan           the first step with a NaN
/// read0.entropy>2   the first step where the condition holds (see StepCondition)
/// ```
public enum StepTarget: Sendable, Hashable, CustomStringConvertible {
  case start
  case end
  case step(Int)
  case first(StepCondition)

  public init(parsing text: String) throws(StepConditionError) {
    let trimmed = text.filter { $0 != " " }
    switch trimmed.lowercased() {
    case "start": self = .start
    case "end": self = .end
    default:
      if let t = Int(trimmed) {
        guard t >= 0 else { throw StepConditionError(text, "steps are numbered from 0") }
        self = .step(t)
      } else {
        self = .first(try StepCondition(parsing: trimmed))
      }
    }
  }

  public var description: String {
    switch self {
    case .start: "start"
    case .end: "end"
    case .step(let t): String(t)
    case .first(.wrongBit): "first-error"
    case .first(let condition): condition.description
    }
  }

  /// The step this target picks in `run`, searching from step `from`: nil for the start (before
  /// step 0). Throws when the step is past the run's end, when a condition names something the
  /// run lacks, or when it never holds from there on.
  public func resolve(in run: RecordedRun, from start: Int = 0) throws(StepConditionError) -> Int? {
    switch self {
    case .start: return nil
    case .end: return run.length - 1
    case .step(let t):
      guard t < run.length else {
        throw StepConditionError(String(t), "the run has steps 0…\(run.length - 1)")
      }
      return t
    case .first(let condition):
      try condition.validate(for: run)
      guard let t = run.firstStep(where: condition, from: start) else {
        throw StepConditionError(
          condition.description, "never holds \(start > 0 ? "from step \(start) on" : "in this run")")
      }
      return t
    }
  }
}
