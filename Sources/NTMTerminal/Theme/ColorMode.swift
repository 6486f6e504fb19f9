/// How many colours the screen may use.
///
/// Widgets never ask the terminal; they read the mode from the `Theme` they are given, so a test
/// can render the same state in every mode.
public enum ColorMode: Hashable, Sendable, CaseIterable {
  /// The xterm 256-colour palette (most terminals today, tmux with `TERM=*-256color`).
  case color256
  /// The eight basic ANSI colours (the Linux console, old xterms, `TERM=xterm`).
  case color8
  /// No colour at all: values are shown with shade characters and attributes only.
  case monochrome

  /// The mode to use given the environment and the number of colours the terminal reports.
  ///
  /// Follows https://no-color.org: a `NO_COLOR` variable that is present and not empty disables
  /// colour whatever the terminal can do. Otherwise `colors` (ncurses' `COLORS`, 0 when the
  /// terminal has none) decides: 256 or more gives `.color256`, 8 or more `.color8`.
  ///
  /// ```swift
  /// ColorMode.detect(environment: ["NO_COLOR": "1"], colors: 256)  // .monochrome
  /// ColorMode.detect(environment: [:], colors: 8)                  // .color8
  /// ```
  public static func detect(environment: [String: String], colors: Int) -> ColorMode {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    if colors >= 256 { return .color256 }
    if colors >= 8 { return .color8 }
    return .monochrome
  }

  /// The number of palette entries this mode may use (0 for monochrome).
  public var colorCount: Int {
    switch self {
    case .color256: 256
    case .color8: 8
    case .monochrome: 0
    }
  }
}
