/// Colour-blind-safe colour ramps for each colour mode.
///
/// - Sequential (0…1, e.g. attention weights): viridis, dark purple → blue → teal → green →
///   yellow. Lightness rises monotonically, so order is readable by anyone, in greyscale too.
///   The 256-colour ramp is the nearest 6×6×6-cube colour to matplotlib's viridis samples,
///   de-duplicated and nudged so that CIE lightness strictly increases
///   (L* ≈ 21, 24, 42, 52, 64, 65, 77, 79, 81, 84, 87; 36 → 71 is a hue step, teal → green).
/// - Diverging (−a…a, e.g. memory contents): blue → white → red after ColorBrewer's RdBu, the
///   usual colour-blind-safe signed ramp: blue and red stay distinct under all common colour
///   vision deficiencies. Symmetric in lightness (L* ≈ 20, 43, 54, 68, 85 | 100 | 89, 70, 56, 45, 27).
/// - 8 colours: blue, cyan, green, yellow (sequential); blue, cyan, white, yellow, red (diverging).
/// - Monochrome: no colour; `Glyphs.shades` for magnitude, `Glyphs.negativeShades` for sign.
public enum Palette {
  public static let viridis256: [Color] = [53, 54, 60, 31, 36, 71, 77, 113, 149, 184, 220].map {
    .indexed($0)
  }
  public static let diverging256: [Color] = [19, 26, 32, 74, 153, 231, 224, 210, 167, 160, 88].map {
    .indexed($0)
  }
  public static let sequential8: [Color] = [.blue, .cyan, .green, .yellow]
  public static let diverging8: [Color] = [.blue, .cyan, .white, .yellow, .red]

  /// The ramps a colour mode uses, or nil in monochrome.
  public static func sequential(for mode: ColorMode) -> [Color]? {
    switch mode {
    case .color256: viridis256
    case .color8: sequential8
    case .monochrome: nil
    }
  }

  public static func diverging(for mode: ColorMode) -> [Color]? {
    switch mode {
    case .color256: diverging256
    case .color8: diverging8
    case .monochrome: nil
    }
  }

  /// The entry of a ramp for a position `t` in 0…1: the ramp is cut into equal bins.
  public static func sequentialIndex(_ t: Float, steps: Int) -> Int {
    guard steps > 0, !t.isNaN else { return 0 }
    return min(max(Int(t * Float(steps)), 0), steps - 1)
  }

  /// The entry of an odd-length ramp for a signed position `t` in −1…1; the middle entry covers
  /// |t| below half a step, so exact zero is always the centre (white).
  public static func divergingIndex(_ t: Float, steps: Int) -> Int {
    guard steps > 0, !t.isNaN else { return steps / 2 }
    let half = steps / 2
    let k = Int((min(max(t, -1), 1) * Float(half)).rounded())
    return min(max(k + half, 0), steps - 1)
  }

  /// The level 0…`levels-1` of a magnitude in 0…1 for shade characters, rounding to nearest so
  /// that near-zero values stay blank (a softmax weighting is never exactly zero).
  public static func shadeLevel(_ magnitude: Float, levels: Int) -> Int {
    guard levels > 1, !magnitude.isNaN else { return 0 }
    return min(max(Int((magnitude * Float(levels - 1)).rounded()), 0), levels - 1)
  }
}
