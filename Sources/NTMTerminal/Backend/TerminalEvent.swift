/// A key the user pressed.
///
/// Printable keys arrive as `.character`; so do control keys (Ctrl-C is `.character("\u{03}")`,
/// see `Key.ctrlC`), because the backend reads the terminal in raw mode so that the program, not
/// the terminal driver, decides what Ctrl-C means.
public enum Key: Hashable, Sendable {
  case character(Character)
  case up, down, left, right
  case pageUp, pageDown, home, end
  case enter, escape, tab, backTab, backspace, delete, insert
  /// F1…F63.
  case function(Int)

  /// Ctrl-C, the interrupt character.
  public static let ctrlC = Key.character("\u{03}")
  /// Ctrl-D, end of input.
  public static let ctrlD = Key.character("\u{04}")

  /// The control character for a letter: `Key.control("l")` is Ctrl-L.
  public static func control(_ letter: Character) -> Key {
    guard let ascii = letter.uppercased().unicodeScalars.first?.value, ascii >= 64, ascii < 96 else {
      return .character(letter)
    }
    return .character(Character(Unicode.Scalar(UInt8(ascii - 64))))
  }
}

/// A mouse button (or wheel direction).
public enum MouseButton: Hashable, Sendable {
  case left, middle, right, scrollUp, scrollDown
}

/// Something that happened: what `update(state, event)` reacts to.
public enum TerminalEvent: Hashable, Sendable {
  case key(Key)
  /// A press at the zero-based cell (x, y).
  case mouse(x: Int, y: Int, button: MouseButton)
  /// The terminal now has this size; the next frame is rendered for it.
  case resize(width: Int, height: Int)
  /// The run loop's timer fired (autoplay). Never produced by a backend.
  case tick
}
