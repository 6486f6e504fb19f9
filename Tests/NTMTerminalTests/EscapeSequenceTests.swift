import Testing

@testable import NTMTerminal

/// Escape sequences that ncurses leaves undecoded: read whole, and decoded or dropped as one unit.
@Suite("Escape sequences")
struct EscapeSequenceTests {
  static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

  @Test("the common xterm, VT220 and rxvt spellings become their keys")
  func knownSequences() {
    let cases: [(String, Key)] = [
      ("[4~", .end), ("[8~", .end), ("[F", .end), ("OF", .end), ("[1~", .home), ("[7~", .home), ("[H", .home),
      ("OH", .home), ("[5~", .pageUp), ("[6~", .pageDown), ("[2~", .insert), ("[3~", .delete), ("[A", .up),
      ("OB", .down), ("[C", .right), ("OD", .left), ("[1;5A", .up), ("[4;2~", .end), ("[Z", .backTab),
      ("OP", .function(1)), ("[11~", .function(1)), ("[15~", .function(5)), ("[24~", .function(12)),
    ]
    for (body, key) in cases {
      #expect(EscapeSequence.reading(Self.scalars(body)) == .complete, "\(body)")
      #expect(EscapeSequence.key(for: Self.scalars(body)) == key, "\(body)")
    }
  }

  @Test("unknown sequences are whole but have no key; other characters do not start one")
  func unknownAndPartial() {
    for body in ["[99~", "[200~", "[?1h", "Ox", "[1;2;3;4;5q"] {
      #expect(EscapeSequence.reading(Self.scalars(body)) == .complete, "\(body)")
      #expect(EscapeSequence.key(for: Self.scalars(body)) == nil, "\(body)")
    }
    for body in ["[", "[4", "[1;5", "O"] {
      #expect(EscapeSequence.reading(Self.scalars(body)) == .incomplete, "\(body)")
    }
    for body in ["x", "q", "\u{1B}"] {
      #expect(EscapeSequence.reading(Self.scalars(body)) == .notASequence, "\(body)")
    }
    // A runaway parameter list ends rather than swallowing all input.
    #expect(EscapeSequence.reading(Self.scalars("[" + String(repeating: "1", count: 40))) == .complete)
  }
}
