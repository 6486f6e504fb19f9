/// A terminal the run loop can draw on and read from.
///
/// `NcursesBackend` is the real one; `ScriptedBackend` replays events and records frames for
/// tests. The protocol is deliberately small: everything a screen shows is in the `CellGrid`
/// passed to `draw`, so backends differ only in how cells reach a device.
public protocol TerminalBackend: AnyObject {
  /// Takes over the terminal. Must be balanced by `stop()`.
  func start() throws
  /// The current size in cells.
  var size: Size { get }
  /// Shows `grid`. Cells outside the terminal are dropped; terminal cells outside the grid keep
  /// their content.
  func draw(_ grid: CellGrid)
  /// The next event, waiting at most `timeout` (nil waits indefinitely); nil if none came.
  func nextEvent(timeout: Duration?) -> TerminalEvent?
  /// Gives the terminal back as it was. Idempotent: safe to call more than once.
  func stop()
}

/// Why a backend could not start.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Standard input or output is not a terminal (piped, redirected, or run by CI).
  case notATerminal
  /// The terminal library could not initialise (unknown `TERM`, for instance).
  case initialisationFailed(String)

  public var description: String {
    switch self {
    case .notATerminal: "standard input and output must be a terminal"
    case .initialisationFailed(let why): "cannot initialise the terminal: \(why)"
    }
  }
}
