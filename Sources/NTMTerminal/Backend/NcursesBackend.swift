import CNcursesw

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The real terminal, through ncurses (the wide-character build).
///
/// ```swift
/// guard NcursesBackend.isTerminal() else { throw TerminalError.notATerminal }
/// let backend = NcursesBackend()
/// try backend.start()
/// defer { backend.stop() }
/// let theme = backend.theme            // colour mode and glyphs detected at start
/// ```
///
/// What `start()` sets up, and why:
/// - `setlocale(LC_CTYPE, "")` before ncurses starts, or block characters come out as garbage.
/// - `newterm` rather than `initscr`, which would exit the process on an unknown `TERM`.
/// - raw mode: Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys (`Key.ctrlC`); the program decides to quit.
///   SIGINT/SIGTERM/SIGHUP from elsewhere (`kill`) are caught by `TerminalSignals` and reported to
///   the run loop; crash signals restore the terminal as a best effort (see `TerminalSignals`).
/// - no echo, keypad (arrows and F-keys as single keys, as the terminfo entry of `TERM` spells
///   them), hidden cursor, a 25 ms Escape delay so Escape is responsive. Sequences the entry does
///   not list (tmux's `ESC [ 4 ~` for End under `TERM=xterm-256color`) are read whole and decoded
///   by `EscapeSequence`, never split into separate keys.
/// - colours with the terminal's default background (`use_default_colors`), and colour pairs
///   allocated on demand (`cncursesw_color_pair`) because 256×256 combinations exceed
///   `COLOR_PAIRS`.
/// - mouse presses (and wheel) when `mouse` is true: ncurses asks the terminal for click
///   reports only (xterm mode 1000, with SGR coordinates), not for all motion (mode 1003), so
///   the terminal's own text selection still works with Shift held, as in other programs.
///
/// `draw` writes only the cells that changed since the previous frame (`CellGrid.changes`), then
/// refreshes once. `stop()` (idempotent, also run by `deinit`) restores the terminal.
public final class NcursesBackend: TerminalBackend {
  /// The theme for this terminal, valid after `start()`: colour mode from `COLORS` and
  /// `NO_COLOR`, glyphs from the locale.
  public private(set) var theme = Theme(colorMode: .monochrome, glyphs: .ascii)
  public var colorMode: ColorMode { theme.colorMode }

  private let mouse: Bool
  private let environment: [String: String]
  private var screen: OpaquePointer?
  private var previous: CellGrid?
  private var hasDefaultColors = false
  private var colorCount = 0

  /// - Parameters:
  ///   - mouse: report mouse presses. While on, the terminal's own text selection needs Shift.
  ///   - environment: variables that affect the theme (`NO_COLOR`); nil reads the process's.
  public init(mouse: Bool = true, environment: [String: String]? = nil) {
    self.mouse = mouse
    self.environment = environment ?? NcursesBackend.processEnvironment(["NO_COLOR"])
  }

  deinit { stop() }

  /// Whether standard input and output are both terminals. Check before `start()` to give a
  /// clear message when the program's output is piped or redirected.
  public static func isTerminal() -> Bool {
    cncursesw_stdin_isatty() != 0 && cncursesw_stdout_isatty() != 0
  }

  /// Whether the user's locale encodes characters as UTF-8 (adopting the locale first). When it
  /// does not, use `Glyphs.ascii`.
  public static func isUTF8Locale() -> Bool {
    cncursesw_setlocale_ctype()
    guard let codeset = cncursesw_codeset() else { return false }
    return Glyphs.isUTF8(codeset: String(cString: codeset))
  }

  public var size: Size {
    guard screen != nil else { return Size(width: 0, height: 0) }
    return Size(width: Int(cncursesw_maxx()), height: Int(cncursesw_maxy()))
  }

  public func start() throws {
    guard screen == nil else { return }
    guard NcursesBackend.isTerminal() else { throw TerminalError.notATerminal }
    let utf8 = NcursesBackend.isUTF8Locale()
    guard let newScreen = cncursesw_newterm() else {
      let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
      throw TerminalError.initialisationFailed("unknown or unusable TERM=\(term)")
    }
    screen = newScreen
    _ = set_term(newScreen)
    TerminalSignals.install()
    cncursesw_set_screen_active(1)

    _ = raw()
    _ = noecho()
    let window = cncursesw_stdscr()
    _ = keypad(window, true)
    _ = intrflush(window, false)
    _ = leaveok(window, true)
    _ = curs_set(0)
    _ = set_escdelay(25)

    if has_colors() {
      _ = start_color()
      cncursesw_reset_color_pairs()
      hasDefaultColors = use_default_colors() == OK
      colorCount = Int(cncursesw_colors())
    } else {
      colorCount = 0
    }
    theme = Theme.detect(environment: environment, colors: colorCount, utf8: utf8)

    if mouse {
      let mask =
        cncursesw_button1_pressed() | cncursesw_button2_pressed() | cncursesw_button3_pressed()
        | cncursesw_button4_pressed() | cncursesw_button5_pressed()
      _ = mousemask(mmask_t(mask), nil)
      // Report presses at once instead of waiting to synthesise clicks.
      _ = mouseinterval(0)
    }
    previous = nil
  }

  public func stop() {
    guard let current = screen else { return }
    cncursesw_set_screen_active(0)
    if mouse { _ = mousemask(0, nil) }
    _ = curs_set(1)
    _ = endwin()
    delscreen(current)
    screen = nil
    previous = nil
    TerminalSignals.restore()
  }

  public func draw(_ grid: CellGrid) {
    guard screen != nil else { return }
    let window = cncursesw_stdscr()
    if previous == nil || previous?.size != grid.size {
      // The terminal's content is unknown (first frame, resize): start from a blank screen.
      _ = werase(window)
      previous = nil
    }
    for change in grid.changes(since: previous) {
      put(change.cell, x: change.x, y: change.y)
    }
    _ = wnoutrefresh(window)
    _ = doupdate()
    previous = grid
  }

  public func nextEvent(timeout: Duration?) -> TerminalEvent? {
    guard screen != nil else { return nil }
    let window = cncursesw_stdscr()
    wtimeout(window, timeout.map(NcursesBackend.milliseconds) ?? -1)
    var character: wint_t = 0
    let status = wget_wch(window, &character)
    switch status {
    case OK where character == 27:
      return escape(in: window)
    case OK:
      return .key(NcursesBackend.key(forCharacter: UInt32(character)))
    case KEY_CODE_YES:
      return event(forKeyCode: Int32(character))
    default:
      if NcursesBackend.inputHungUp() { TerminalSignals.post(SIGHUP) }
      return nil
    }
  }

  /// After an Escape that ncurses did not decode into a key: the rest of an escape sequence, read
  /// whole without waiting (its characters arrived together) and decoded by `EscapeSequence`, or
  /// Escape itself when no sequence follows (the next character, if any, is read again later).
  private func escape(in window: UnsafeMutablePointer<WINDOW>?) -> TerminalEvent? {
    wtimeout(window, 0)
    var body: [Unicode.Scalar] = []
    while true {
      var character: wint_t = 0
      let status = wget_wch(window, &character)
      if status == KEY_CODE_YES {  // a key ncurses decoded: Escape came on its own before it
        _ = ungetch(Int32(character))
        return .key(.escape)
      }
      guard status == OK, let scalar = Unicode.Scalar(UInt32(character)) else {
        // Nothing more arrived: a lone Escape, or a sequence cut short (dropped).
        return body.isEmpty ? .key(.escape) : nil
      }
      body.append(scalar)
      switch EscapeSequence.reading(body) {
      case .incomplete: continue
      case .complete: return EscapeSequence.key(for: body).map { .key($0) }
      case .notASequence:
        _ = unget_wch(wchar_t(character))
        return .key(.escape)
      }
    }
  }

  /// Whether the terminal behind standard input has gone away. Without this, a terminal that
  /// disappears without sending SIGHUP (a killed tmux server, `nohup`) makes every read return
  /// at once and the event loop spin; treated as a hangup, the loop ends and restores.
  static func inputHungUp() -> Bool {
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, 0) >= 0 else { return true }
    return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
  }

  // MARK: Drawing

  private func put(_ cell: Cell, x: Int, y: Int) {
    var characters: [wchar_t] = cell.character.unicodeScalars.prefix(4).map { wchar_t($0.value) }
    characters.append(0)
    var attributes = cncursesw_a_normal()
    if cell.attributes.contains(.bold) { attributes |= cncursesw_a_bold() }
    if cell.attributes.contains(.dim) { attributes |= cncursesw_a_dim() }
    if cell.attributes.contains(.reverse) { attributes |= cncursesw_a_reverse() }
    if cell.attributes.contains(.underline) { attributes |= cncursesw_a_underline() }
    let pair = colorPair(foreground: cell.foreground, background: cell.background)
    var complex = cchar_t()
    _ = cncursesw_setcchar(&complex, characters, attributes, pair)
    _ = mvadd_wch(Int32(y), Int32(x), &complex)
  }

  /// The colour pair for a combination, allocated on first use (`alloc_pair` on ncurses ≥ 6.1,
  /// which recycles the least recently used pair when `COLOR_PAIRS` is exhausted).
  private func colorPair(foreground: Color, background: Color) -> Int32 {
    guard colorMode != .monochrome else { return 0 }
    let fg = colorNumber(foreground, isForeground: true)
    let bg = colorNumber(background, isForeground: false)
    if fg == -1 && bg == -1 { return 0 }
    return cncursesw_color_pair(fg, bg)
  }

  private func colorNumber(_ color: Color, isForeground: Bool) -> Int32 {
    switch color.approximated(toColorCount: colorCount) {
    case .default:
      return hasDefaultColors ? -1 : (isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK))
    case .indexed(let index):
      return Int32(index)
    }
  }

  // MARK: Input

  static func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(0, ms))
  }

  /// The key for a character read by `get_wch`.
  static func key(forCharacter value: UInt32) -> Key {
    switch value {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    default:
      guard let scalar = Unicode.Scalar(value) else { return .character("\u{FFFD}") }
      return .character(Character(scalar))
    }
  }

  private func event(forKeyCode code: Int32) -> TerminalEvent? {
    switch code {
    case KEY_RESIZE:
      previous = nil
      return .resize(width: size.width, height: size.height)
    case KEY_MOUSE:
      var mouseEvent = MEVENT()
      guard getmouse(&mouseEvent) == OK else { return nil }
      let state = mouseEvent.bstate
      let button: MouseButton
      if state & (cncursesw_button1_pressed() | cncursesw_button1_clicked()) != 0 {
        button = .left
      } else if state & (cncursesw_button2_pressed() | cncursesw_button2_clicked()) != 0 {
        button = .middle
      } else if state & (cncursesw_button3_pressed() | cncursesw_button3_clicked()) != 0 {
        button = .right
      } else if state & cncursesw_button4_pressed() != 0 {
        button = .scrollUp
      } else if cncursesw_button5_pressed() != 0, state & cncursesw_button5_pressed() != 0 {
        button = .scrollDown
      } else {
        return nil
      }
      return .mouse(x: Int(mouseEvent.x), y: Int(mouseEvent.y), button: button)
    default:
      return NcursesBackend.key(forKeyCode: code).map { .key($0) }
    }
  }

  /// The key for a `KEY_*` code, or nil for codes the visualiser has no use for.
  static func key(forKeyCode code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_ENTER: return .enter
    case KEY_BTAB: return .backTab
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_IC: return .insert
    case cncursesw_key_f(1)...cncursesw_key_f(63): return .function(Int(code - cncursesw_key_f(0)))
    default: return nil
    }
  }

  private static func processEnvironment(_ names: [String]) -> [String: String] {
    var result: [String: String] = [:]
    for name in names {
      if let value = getenv(name) { result[name] = String(cString: value) }
    }
    return result
  }
}
