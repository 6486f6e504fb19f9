import NTM

/// Moving through a run like a debugger: to the next wrong output bit, to a step by number, to
/// the next step where a condition holds. The searches are the library's (`RecordedRun`,
/// `StepTarget`); the state only moves to what they find and says so.
extension ViewerState {
  /// To the next (or previous) step with a wrong output bit.
  mutating func jumpToError(forward: Bool) {
    let found =
      forward
      ? run.firstStep(where: .wrongBit, from: (shownStep ?? -1) + 1)
      : run.lastStep(where: .wrongBit, through: (shownStep ?? 0) - 1)
    guard let t = found else {
      let here = shownStep.map { "t = \($0)" } ?? "the start"
      message = "no wrong output bit \(forward ? "after" : "before") \(here)"
      return
    }
    playing = false
    show(step: t)
    message = "t = \(t): \(StepCondition.wrongBit.explanation(in: run, at: t) ?? "")"
  }

  /// To a target: a step, the start or end, or the next step from the shown one where a
  /// condition holds. Says where it went, or why it could not.
  public mutating func go(to target: StepTarget, searchingFrom start: Int? = nil) {
    do {
      let t = try target.resolve(in: run, from: start ?? (shownStep ?? -1) + 1)
      show(step: t)
      memoryFollowsHead = true
      if case .first(let condition) = target, let t, let why = condition.explanation(in: run, at: t) {
        message = "t = \(t): \(why)"
      }
    } catch {
      message = error.description
    }
  }

  /// Typing after `:`: enter goes, escape cancels.
  func promptUpdate(_ key: Key) -> ViewerState? {
    var s = self
    guard var text = s.prompt else { return s }
    switch key {
    case .escape:
      s.prompt = nil
      return s
    case .backspace, .delete:
      if text.isEmpty {
        s.prompt = nil
        return s
      }
      text.removeLast()
    case .enter:
      s.prompt = nil
      do {
        s.go(to: try StepTarget(parsing: text))
      } catch {
        s.message = error.description
      }
      return s
    case .character(let c) where c != "\n":
      if text.count < 60 { text.append(c) }
    default: break
    }
    s.prompt = text
    return s
  }
}
