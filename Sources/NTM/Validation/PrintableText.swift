/// Text from files and command lines made safe to show in a terminal.
///
/// A checkpoint's task name, a metadata key or a file name can hold escape sequences that, printed
/// raw, set a terminal's title, clear its screen or worse. `escaped` replaces every control
/// character (C0, DEL, C1), and the invisible format characters that reorder text (bidirectional
/// overrides), with a visible `\u{…}` escape, and shortens long text.
///
/// ```swift
/// PrintableText.escaped("copy\u{1B}]0;pwned\u{07}")  // "copy\u{1b}]0;pwned\u{7}"
/// ```
public enum PrintableText {
  /// `text` with control and format characters escaped as `\u{hex}`, at most `limit` characters
  /// (then "…").
  public static func escaped(_ text: String, limit: Int = .max) -> String {
    var result = ""
    var count = 0
    for scalar in text.unicodeScalars {
      if count >= limit {
        result += "…"
        break
      }
      count += 1
      if isSafe(scalar) {
        result.unicodeScalars.append(scalar)
      } else {
        result += "\\u{\(String(scalar.value, radix: 16))}"
      }
    }
    return result
  }

  /// Whether `text` would be printed unchanged by `escaped`.
  public static func isPrintable(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy(isSafe)
  }

  /// Line feeds and tabs are allowed in messages only through `escapedLines`.
  private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
      false
    default: true
    }
  }

  /// A multi-line message: each line escaped, line feeds kept (a tab becomes spaces).
  public static func escapedLines(_ text: String) -> String {
    text.replacing("\t", with: "  ").split(separator: "\n", omittingEmptySubsequences: false)
      .map { escaped(String($0)) }.joined(separator: "\n")
  }
}
