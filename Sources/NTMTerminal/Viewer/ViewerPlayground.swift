import NTM

/// The playground opened from the viewer (`o`) on the selected head at the shown step, with the
/// model's own memory and parameters; `q` comes back to the same step.
extension ViewerState {
  /// The playground for head `h` at step t of the run, or why there cannot be one.
  static func playground(for run: RecordedRun, head h: Int, at t: Int, title: String) -> PlaygroundState? {
    guard run.hasAddressing, case .ntm(let record) = run.records[t] else { return nil }
    let head = record.head(at: h)
    return PlaygroundState(
      head: head, memory: record.addressedMemory(by: head.id), shifts: run.shifts, title: title)
  }

  mutating func openPlayground() {
    guard let t = shownStep else {
      message = "step first: the playground opens on the selected head at the shown step"
      return
    }
    let name = headName(selectedHead)
    let what = [task?.name, model?.label ?? sourceName].compactMap { $0 }.joined(separator: " · ")
    guard
      var playground = Self.playground(
        for: run, head: selectedHead, at: t, title: "\(name) at t = \(t) · \(what)")
    else {
      message =
        run.machine == .dnc
        ? "the playground shows the NTM's addressing; the DNC's allocation and links are on the memory panel"
        : "this trace has no addressing stages: the playground needs the head's key, β, g, s and γ"
      return
    }
    playing = false
    playground.embedded = true
    self.playground = playground
  }

  /// Events while the playground is open: `q` closes it, ctrl-c quits the viewer.
  func playgroundUpdate(_ playground: PlaygroundState, _ event: TerminalEvent) -> ViewerState? {
    var s = self
    if event == .key(.ctrlC) { return nil }
    if event == .key(.character("q")), !playground.showsHelp, playground.prompt == nil {
      s.playground = nil
      return s
    }
    guard let next = playground.updated(by: event) else {
      s.playground = nil
      return s
    }
    s.playground = next
    return s
  }

  /// The trace's file name, for a replayed run.
  var sourceName: String? {
    if case .trace(let name, _) = source { name } else { nil }
  }
}
