import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A backend that passes everything to another one and also writes each frame to an asciicast
/// v2 file (https://docs.asciinema.org/manual/asciicast/v2/), so a session can be replayed with
/// `asciinema play FILE` or embedded in a web page with asciinema-player.
///
/// ```swift
/// let screen = NcursesBackend()
/// let backend = try RecordingBackend(wrapping: screen, to: "session.cast", title: "ntm view")
/// let result = try TerminalApp.run(backend: backend, initial: state, update: …, render: { s, size in
///   Screen.render(s, size: size, theme: screen.theme) })
/// ```
///
/// The file: a JSON header line `{"version": 2, "width": W, "height": H, "timestamp": …, "env":
/// {"TERM": …, "SHELL": …}, "title": …}` written when the terminal starts (its size is known
/// then), then one line per frame, `[seconds, "o", "escape sequences"]`, with non-decreasing
/// times. A frame is encoded from `CellGrid.changes(since:)`: cursor positioning `ESC[row;colH`,
/// SGR attributes and 256-colour codes (`ESC[38;5;Nm`, `ESC[48;5;Nm`), the characters, and a
/// reset at the end. The first frame, and the first after a resize (recorded as an `"r"` event
/// `[seconds, "r", "WxH"]`), clear the screen and draw every cell.
///
/// The file is opened by `init` (so a bad path is an error before the terminal is taken over),
/// flushed after every line and closed by `stop()`.
public final class RecordingBackend: TerminalBackend {
  public let wrapped: any TerminalBackend
  public let path: String
  private let title: String?
  private let environment: [String: String]
  private var file: UnsafeMutablePointer<FILE>?
  private var previous: CellGrid?
  private var startTime: ContinuousClock.Instant?
  private var lastMicroseconds: Int64 = 0
  private let clock = ContinuousClock()
  /// Set when a write failed (disk full, file removed from a full file system…): the recording
  /// stopped there while the session went on. Commands report it after the screen closes.
  public private(set) var writeFailure: RecordingError?
  /// Seconds since the epoch, for the header; nil reads the system clock.
  private let timestamp: Int?

  /// - Parameters:
  ///   - wrapped: the backend that really draws (and reads events).
  ///   - path: the file to write; created or truncated now.
  ///   - title: the recording's title in the header.
  ///   - environment: `TERM` and `SHELL` for the header; nil reads the process's.
  ///   - timestamp: the header's start time (seconds since 1970); nil reads the clock.
  public init(
    wrapping wrapped: any TerminalBackend, to path: String, title: String? = nil,
    environment: [String: String]? = nil, timestamp: Int? = nil
  ) throws {
    self.wrapped = wrapped
    self.path = path
    self.title = title
    self.timestamp = timestamp
    if let environment {
      self.environment = environment
    } else {
      var e: [String: String] = [:]
      for name in ["TERM", "SHELL"] {
        if let value = getenv(name) { e[name] = String(cString: value) }
      }
      self.environment = e
    }
    guard let handle = fopen(path, "w") else {
      throw RecordingError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    file = handle
  }

  deinit { close() }

  public var size: Size { wrapped.size }

  public func start() throws {
    try wrapped.start()
    guard startTime == nil, file != nil else { return }
    startTime = clock.now
    let size = wrapped.size
    var header = "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), "
    header += "\"timestamp\": \(timestamp ?? Int(time(nil))), \"env\": {"
    header += ["TERM", "SHELL"].map { name in
      "\(JSONLine.quote(name)): "
        + (environment[name].map(JSONLine.quote) ?? "null")
    }.joined(separator: ", ")
    header += "}"
    if let title { header += ", \"title\": \(JSONLine.quote(title))" }
    header += "}"
    writeLine(header)
  }

  public func draw(_ grid: CellGrid) {
    wrapped.draw(grid)
    guard file != nil, startTime != nil else { return }
    if let previous, previous.size != grid.size {
      writeEvent("r", "\(grid.width)x\(grid.height)")
    }
    let full = previous == nil || previous?.size != grid.size
    let output = RecordingBackend.encode(grid, since: full ? nil : previous)
    previous = grid
    guard !output.isEmpty else { return }
    writeEvent("o", output)
  }

  public func nextEvent(timeout: Duration?) -> TerminalEvent? { wrapped.nextEvent(timeout: timeout) }

  public func stop() {
    wrapped.stop()
    close()
  }

  private func close() {
    guard let handle = file else { return }
    fclose(handle)
    file = nil
  }

  // MARK: Encoding

  /// The escape sequences that bring a terminal showing `previous` to `grid`; with no previous
  /// grid, the screen is cleared and every cell drawn. Ends with the attributes reset.
  public static func encode(_ grid: CellGrid, since previous: CellGrid?) -> String {
    let changes = grid.changes(since: previous)
    var out = ""
    if previous == nil { out += "\u{1B}[0m\u{1B}[2J\u{1B}[H" }
    guard !changes.isEmpty else { return out }
    var cursor: (x: Int, y: Int)? = previous == nil ? (0, 0) : nil
    var style = CellStyle.plain
    for change in changes {
      if cursor == nil || cursor! != (change.x, change.y) {
        out += "\u{1B}[\(change.y + 1);\(change.x + 1)H"
      }
      if change.cell.style != style {
        out += sgr(change.cell.style)
        style = change.cell.style
      }
      out.append(CellGrid.printable(change.cell.character))
      cursor = (change.x + 1, change.y)
    }
    out += "\u{1B}[0m"
    return out
  }

  /// Reset, then the style's attributes and colours.
  static func sgr(_ style: CellStyle) -> String {
    var out = "\u{1B}[0m"
    if style.attributes.contains(.bold) { out += "\u{1B}[1m" }
    if style.attributes.contains(.dim) { out += "\u{1B}[2m" }
    if style.attributes.contains(.underline) { out += "\u{1B}[4m" }
    if style.attributes.contains(.reverse) { out += "\u{1B}[7m" }
    if case .indexed(let n) = style.foreground { out += "\u{1B}[38;5;\(n)m" }
    if case .indexed(let n) = style.background { out += "\u{1B}[48;5;\(n)m" }
    return out
  }

  // MARK: Writing

  private func writeEvent(_ type: String, _ data: String) {
    guard let startTime else { return }
    let (seconds, attoseconds) = (clock.now - startTime).components
    // Microseconds, never earlier than the last event (the format requires non-decreasing times).
    let microseconds = max(lastMicroseconds, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    lastMicroseconds = microseconds
    let fraction = String(microseconds % 1_000_000)
    let time = "\(microseconds / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    writeLine("[\(time), \(JSONLine.quote(type)), \(JSONLine.quote(data))]")
  }

  private func writeLine(_ line: String) {
    guard let handle = file else { return }
    let bytes = Array((line + "\n").utf8)
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    if written != bytes.count || fflush(handle) != 0 {
      // The screen keeps working; the command reports the failure after the session.
      writeFailure = RecordingError.writeFailed(path: path, reason: String(cString: strerror(errno)))
      close()
    }
  }
}

/// Why a recording could not be made.
public enum RecordingError: Error, Hashable, Sendable, CustomStringConvertible {
  case cannotOpen(path: String, reason: String)
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): "cannot record to \(path): \(reason)"
    case .writeFailed(let path, let reason): "the recording \(path) stopped early: \(reason)"
    }
  }
}
