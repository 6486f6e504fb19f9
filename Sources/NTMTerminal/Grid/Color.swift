/// A terminal colour: the terminal's own default, or an entry of the xterm 256-colour table.
///
/// ```swift
/// let purple = Color.cube(red: 1, green: 0, blue: 1)   // .indexed(53)
/// let cell = Cell(" ", background: purple)
/// ```
///
/// Only indices are stored, never RGB, because a terminal can only show what its palette holds;
/// the RGB approximation (`rgb`) exists to reason about contrast and to map 256 colours down to
/// the 8 or 16 of smaller terminals.
public enum Color: Hashable, Sendable {
  /// The terminal's default foreground or background (whatever the user configured).
  case `default`
  /// An xterm palette entry: 0–7 basic, 8–15 bright, 16–231 a 6×6×6 cube, 232–255 greys.
  case indexed(UInt8)

  public static let black = Color.indexed(0)
  public static let red = Color.indexed(1)
  public static let green = Color.indexed(2)
  public static let yellow = Color.indexed(3)
  public static let blue = Color.indexed(4)
  public static let magenta = Color.indexed(5)
  public static let cyan = Color.indexed(6)
  public static let white = Color.indexed(7)

  /// An entry of the 6×6×6 colour cube; each component is clamped to 0…5.
  public static func cube(red: Int, green: Int, blue: Int) -> Color {
    let r = min(max(red, 0), 5)
    let g = min(max(green, 0), 5)
    let b = min(max(blue, 0), 5)
    return .indexed(UInt8(16 + 36 * r + 6 * g + b))
  }

  /// An entry of the 24-step grey ramp (0 darkest, 23 lightest), clamped.
  public static func grey(_ level: Int) -> Color {
    .indexed(UInt8(232 + min(max(level, 0), 23)))
  }

  /// The approximate RGB of this colour in xterm's default palette, or nil for `.default`
  /// (whose colour only the terminal knows).
  public var rgb: (red: UInt8, green: UInt8, blue: UInt8)? {
    guard case .indexed(let index) = self else { return nil }
    return Color.xtermRGB(index)
  }

  /// Luma in 0…1 (Rec. 709 weights on the gamma-encoded components), or nil for `.default`.
  /// Only used to choose a readable foreground over a coloured background, so the perceptual
  /// precision of a linearised luminance is not needed.
  public var luma: Double? {
    guard let (r, g, b) = rgb else { return nil }
    return (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
  }

  /// This colour, or the nearest one a terminal with `colorCount` colours can show.
  ///
  /// Indices below `colorCount` are kept; others are replaced by the nearest (in RGB) of the
  /// first `min(colorCount, 16)` entries, so a 256-colour palette degrades sensibly on an
  /// 8-colour terminal. With `colorCount < 8` (no colour) every colour becomes `.default`.
  public func approximated(toColorCount colorCount: Int) -> Color {
    guard case .indexed(let index) = self else { return self }
    if colorCount < 8 { return .default }
    if Int(index) < colorCount { return self }
    let (r, g, b) = Color.xtermRGB(index)
    var best: UInt8 = 0
    var bestDistance = Int.max
    for candidate in 0..<UInt8(min(colorCount, 16)) {
      let (cr, cg, cb) = Color.xtermRGB(candidate)
      let dr = Int(r) - Int(cr)
      let dg = Int(g) - Int(cg)
      let db = Int(b) - Int(cb)
      let distance = dr * dr + dg * dg + db * db
      if distance < bestDistance {
        bestDistance = distance
        best = candidate
      }
    }
    return .indexed(best)
  }

  /// xterm's default RGB for a palette index.
  static func xtermRGB(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
    let basic: [(UInt8, UInt8, UInt8)] = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
      (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
      (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    switch index {
    case 0..<16:
      return basic[Int(index)]
    case 16..<232:
      let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
      let i = Int(index) - 16
      return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
    default:
      let v = UInt8(8 + 10 * (Int(index) - 232))
      return (v, v, v)
    }
  }
}
