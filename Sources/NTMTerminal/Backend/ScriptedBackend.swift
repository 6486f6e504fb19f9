#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A backend without a terminal: it replays a list of events and keeps every frame drawn.
///
/// For tests of a whole screen (update and render driven by `TerminalApp.run`), with no tmux:
///
/// ```swift
/// let backend = ScriptedBackend(size: Size(width: 80, height: 24),
///                               events: [.key(.right), .key(.character("q"))])
/// let result = try TerminalApp.run(backend: backend, initial: state, update: update, render: render)
/// #expect(backend.frames.last?.text.contains("step 1") == true)
/// ```
///
/// When the script is exhausted, `nextEvent` returns `exhaustedEvent` once (Ctrl-C by default,
/// so a loop under test ends), and then nil after sleeping for the timeout, like a terminal where
/// nobody types (so timer ticks can be tested with short intervals).
public final class ScriptedBackend: TerminalBackend {
  public private(set) var size: Size
  public private(set) var frames: [CellGrid] = []
  public private(set) var isStarted = false
  public private(set) var startCount = 0
  public private(set) var stopCount = 0
  private var events: [TerminalEvent]
  public var exhaustedEvent: TerminalEvent?

  public init(size: Size, events: [TerminalEvent], exhaustedEvent: TerminalEvent? = .key(.ctrlC)) {
    self.size = size
    self.events = events.reversed()
    self.exhaustedEvent = exhaustedEvent
  }

  /// Idempotent, like `NcursesBackend.start()`: `startCount` counts real starts.
  public func start() throws {
    guard !isStarted else { return }
    isStarted = true
    startCount += 1
  }

  public func draw(_ grid: CellGrid) { frames.append(grid) }

  public func nextEvent(timeout: Duration?) -> TerminalEvent? {
    guard let event = events.popLast() else {
      if let e = exhaustedEvent {
        exhaustedEvent = nil
        return e
      }
      if let timeout { ScriptedBackend.sleep(timeout) }
      return nil
    }
    if case .resize(let width, let height) = event { size = Size(width: width, height: height) }
    return event
  }

  private static func sleep(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    if microseconds > 0 { usleep(UInt32(clamping: microseconds)) }
  }

  public func stop() {
    if isStarted { stopCount += 1 }
    isStarted = false
  }
}
