/// How a run ended: the last state, and the signal that stopped it, if one did.
public struct RunResult<State> {
  public var state: State
  /// SIGINT, SIGTERM or SIGHUP when the loop stopped on a signal; nil when `update` returned nil.
  public var signal: Int32?

  public init(state: State, signal: Int32?) {
    self.state = state
    self.signal = signal
  }

  /// The conventional exit status: 0, or 128 + signal.
  public var exitStatus: Int32 { signal.map { 128 + $0 } ?? 0 }
}

/// The event loop of a terminal program in the Elm style: a state, a pure `update` for events and
/// a pure `render` into a grid; the loop owns the terminal.
///
/// ```swift
/// let backend = NcursesBackend()
/// try backend.start()                       // to learn backend.theme before building the state
/// let result = try TerminalApp.run(
///   backend: backend, initial: Model(),
///   update: { model, event in event == .key(.character("q")) ? nil : model.handling(event) },
///   render: { model, size in model.screen(size: size, theme: backend.theme) },
///   tick: { model in model.isPlaying ? .milliseconds(200) : nil })
/// exit(result.exitStatus)
/// ```
///
/// - `update` returning nil quits. Ctrl-C is an ordinary key: `update` decides.
/// - The frame is redrawn after every batch of events (keys that arrived together are all
///   handled before one redraw) and after every tick.
/// - `tick` gives the autoplay interval for the current state (nil: no timer), so pausing and
///   changing speed are state changes like any other; `.tick` events reach `update`.
/// - Termination signals are polled every `pollInterval` at least; the loop then stops.
/// - The backend is started if it was not, and always stopped on the way out, errors included.
public enum TerminalApp {
  public static func run<State>(
    backend: some TerminalBackend,
    initial: State,
    update: (State, TerminalEvent) -> State?,
    render: (State, Size) -> CellGrid,
    tick: (State) -> Duration?,
    pollInterval: Duration = .milliseconds(100),
    signals: () -> Int32? = TerminalSignals.takePending
  ) throws -> RunResult<State> {
    try backend.start()
    defer { backend.stop() }
    let clock = ContinuousClock()
    var state = initial
    backend.draw(render(state, backend.size))
    var interval = tick(state)
    var nextTick = interval.map { clock.now + $0 }

    while true {
      if let signal = signals() { return RunResult(state: state, signal: signal) }
      var wait = pollInterval
      if let nextTick { wait = min(wait, max(.zero, nextTick - clock.now)) }
      var dirty = false

      if var event = backend.nextEvent(timeout: wait) {
        var handled = 0
        while true {
          guard let next = update(state, event) else { return RunResult(state: state, signal: nil) }
          state = next
          dirty = true
          handled += 1
          // Drain what is already queued (key repeat, pastes) before drawing, but not forever.
          guard handled < 64, let queued = backend.nextEvent(timeout: .zero) else { break }
          event = queued
        }
      }

      if let due = nextTick, clock.now >= due, let stepInterval = interval {
        guard let next = update(state, .tick) else { return RunResult(state: state, signal: nil) }
        state = next
        dirty = true
        // Keep the cadence, but never queue up ticks the program could not keep up with.
        nextTick = max(due + stepInterval, clock.now)
      }

      // The state may have started, stopped or re-timed autoplay.
      let newInterval = tick(state)
      if newInterval != interval {
        interval = newInterval
        nextTick = newInterval.map { clock.now + $0 }
      }

      if dirty { backend.draw(render(state, backend.size)) }
    }
  }

  /// `run` with a fixed tick interval (nil: no timer).
  public static func run<State>(
    backend: some TerminalBackend,
    initial: State,
    update: (State, TerminalEvent) -> State?,
    render: (State, Size) -> CellGrid,
    tick: Duration? = nil,
    pollInterval: Duration = .milliseconds(100),
    signals: () -> Int32? = TerminalSignals.takePending
  ) throws -> RunResult<State> {
    try run(
      backend: backend, initial: initial, update: update, render: render, tick: { _ in tick },
      pollInterval: pollInterval, signals: signals)
  }
}
