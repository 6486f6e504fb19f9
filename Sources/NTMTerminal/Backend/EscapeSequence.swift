/// Keys from escape sequences that the terminal library did not recognise.
///
/// ncurses decodes the sequences that the terminfo entry for `TERM` lists (keypad mode). A
/// terminal that sends another spelling (tmux sends `ESC [ 4 ~` for End while `TERM=xterm-256color`
/// promises `ESC O F`) would otherwise reach the program as Escape, `[`, `4`, `~`: four keys, each
/// with a meaning of its own. The backend reads such a sequence whole and asks `key(for:)`: the
/// common xterm, VT220 and rxvt spellings become their keys, anything else is dropped as one unit.
enum EscapeSequence {
  /// What follows an Escape.
  enum Reading: Equatable {
    /// More characters are needed to finish the sequence.
    case incomplete
    /// A whole sequence (CSI `ESC [ … final` or SS3 `ESC O x`).
    case complete
    /// The characters after Escape do not start a sequence (Alt+key, or Escape then a key).
    case notASequence
  }

  /// Whether `body` (the characters after Escape) is a whole sequence yet.
  static func reading(_ body: [Unicode.Scalar]) -> Reading {
    guard let introducer = body.first else { return .incomplete }
    switch introducer {
    case "O":
      return body.count >= 2 ? .complete : .incomplete
    case "[":
      // Parameter bytes 0x30–0x3F and intermediate bytes 0x20–0x2F, then a final 0x40–0x7E.
      for scalar in body.dropFirst() {
        switch scalar.value {
        case 0x20...0x3F: continue
        case 0x40...0x7E: return .complete
        default: return .complete  // malformed: end it here rather than swallow what follows
        }
      }
      return body.count > 32 ? .complete : .incomplete
    default:
      return .notASequence
    }
  }

  /// The key a whole sequence stands for, or nil for one the program has no use for (it is
  /// dropped). Modifiers (`ESC [ 1 ; 5 A`, Ctrl+Up) are ignored: the key is the plain one.
  static func key(for body: [Unicode.Scalar]) -> Key? {
    guard body.count >= 2 else { return nil }
    let final = body[body.count - 1]
    let parameters = String(String.UnicodeScalarView(body[1..<(body.count - 1)]))
    let first = parameters.split(separator: ";").first.flatMap { Int($0) }
    if body[0] == "O" || (body[0] == "[" && (first == nil || first == 1)) {
      switch final {
      case "A": return .up
      case "B": return .down
      case "C": return .right
      case "D": return .left
      case "H": return .home
      case "F": return .end
      case "Z": return .backTab
      case "P": return .function(1)
      case "Q": return .function(2)
      case "R": return .function(3)
      case "S": return .function(4)
      default: break
      }
    }
    guard body[0] == "[", final == "~", let number = first else { return nil }
    return tildeKeys[number]
  }

  /// VT220 and rxvt `ESC [ n ~` keys.
  private static let tildeKeys: [Int: Key] = [
    1: .home, 7: .home, 2: .insert, 3: .delete, 4: .end, 8: .end, 5: .pageUp, 6: .pageDown,
    11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
    17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
    23: .function(11), 24: .function(12),
  ]
}
