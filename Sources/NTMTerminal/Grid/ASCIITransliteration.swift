extension CellGrid {
  /// Replaces every non-ASCII character with an ASCII stand-in, for terminals whose locale is
  /// not UTF-8 (where anything else prints as garbage). Widgets already draw ASCII glyphs in
  /// that mode; this also covers text such as labels (wᶜ, β, γ), separators and arrows.
  public mutating func transliterateToASCII() {
    for y in 0..<height {
      for x in 0..<width {
        let character = self[x, y].character
        guard !character.isASCII else { continue }
        var cell = self[x, y]
        cell.character = CellGrid.asciiStandIn(for: character)
        self[x, y] = cell
      }
    }
  }

  static func asciiStandIn(for character: Character) -> Character {
    if let mapped = asciiTable[character] { return mapped }
    // A letter with combining marks (w̃) keeps its base letter.
    if let base = character.unicodeScalars.first, base.isASCII { return Character(base) }
    return "?"
  }

  private static let asciiTable: [Character: Character] = [
    "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+", "·": ".", "•": "*", "…": "~",
    "→": ">", "←": "<", "▲": "^", "▼": "v", "▶": ">", "⏸": "=", "×": "x", "–": "-", "—": "-", "−": "-",
    "ₜ": "t", "₀": "0", "₋": "-", "₁": "1", "ᶜ": "c", "ᵍ": "g", "β": "b", "γ": "y", "Σ": "S",
    "█": "#", "▓": "#", "▒": ":", "░": ".", "▀": "'", "▄": ".", "≡": "=", "✗": "x",
  ]
}
