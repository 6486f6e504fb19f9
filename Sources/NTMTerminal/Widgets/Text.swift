/// Helpers for fitting text into cells.
public enum Text {
  /// `text` cut to at most `width` characters, ending in `ellipsis` when cut.
  public static func truncated(_ text: String, to width: Int, ellipsis: Character = "…") -> String {
    guard width > 0 else { return "" }
    guard text.count > width else { return text }
    return String(text.prefix(width - 1)) + String(ellipsis)
  }

  /// `text` broken into lines of at most `width` characters at spaces; words longer than a line
  /// are split. Existing newlines are kept. Trailing spaces are dropped.
  public static func wrapped(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var word = Substring(word)
        if !line.isEmpty, line.count + 1 + word.count <= width {
          line += " " + word
          continue
        }
        if !line.isEmpty {
          lines.append(line)
          line = ""
        }
        while word.count > width {
          lines.append(String(word.prefix(width)))
          word = word.dropFirst(width)
        }
        line = String(word)
      }
      lines.append(line)
    }
    return lines
  }

  /// The x at which text of `length` characters starts when aligned in `rect`.
  static func origin(length: Int, alignment: Alignment, in rect: Rect) -> Int {
    switch alignment {
    case .leading: rect.x
    case .centre: rect.x + max(0, (rect.width - length) / 2)
    case .trailing: rect.x + max(0, rect.width - length)
    }
  }
}

/// Horizontal placement of text in a rectangle.
public enum Alignment: Hashable, Sendable {
  case leading, centre, trailing
}
