/// A colour as SVG writes it, `#rrggbb`, and the colour scales figures use.
///
/// - Values in 0…1 (bits, probabilities, weightings): viridis, dark purple → teal → yellow. Its
///   lightness rises steadily, so it reads in greyscale and under colour-vision deficiencies,
///   and it is the terminal's sequential ramp too.
/// - Signed values (add and read vectors): blue → white → red (ColorBrewer's RdBu), zero white.
/// - Series of a chart: the Okabe–Ito palette, told apart by people with any common
///   colour-vision deficiency; charts also give each series its own dash pattern.
public struct RGBColor: Sendable, Equatable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(_ hex: UInt32) {
    red = UInt8(hex >> 16 & 0xFF)
    green = UInt8(hex >> 8 & 0xFF)
    blue = UInt8(hex & 0xFF)
  }

  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// `#rrggbb`.
  public var hex: String {
    let digits = Array("0123456789abcdef")
    return "#"
      + String([red, green, blue].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
  }

  /// Viridis at `t` in 0…1 (clamped), interpolated between ten samples of matplotlib's map.
  public static func viridis(_ t: Double) -> RGBColor { interpolate(viridisSamples, t) }

  /// Blue (−1) → white (0) → red (+1), `t` clamped to −1…1.
  public static func diverging(_ t: Double) -> RGBColor { interpolate(divergingSamples, (t + 1) / 2) }

  /// The colour of the `index`th series of a chart (cycling after eight).
  public static func series(_ index: Int) -> RGBColor { seriesColors[index % seriesColors.count] }

  public static let black = RGBColor(0x000000)
  public static let white = RGBColor(0xFFFFFF)
  /// Wrong bits: a red that viridis never reaches.
  public static let wrong = RGBColor(0xE4002B)
  /// Axis text and lines.
  public static let ink = RGBColor(0x222222)
  /// Grid lines, separators, secondary text.
  public static let muted = RGBColor(0x888888)
  public static let grid = RGBColor(0xE5E5E5)

  static let viridisSamples: [RGBColor] = [
    0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
  ].map(RGBColor.init)
  static let divergingSamples: [RGBColor] = [
    0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    0x67001F,
  ].map(RGBColor.init)
  static let seriesColors: [RGBColor] = [
    0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000, 0xF0E442,
  ].map(RGBColor.init)

  /// Linear interpolation between evenly spaced samples.
  private static func interpolate(_ samples: [RGBColor], _ t: Double) -> RGBColor {
    let position = (t.isNaN ? 0 : min(max(t, 0), 1)) * Double(samples.count - 1)
    let i = min(Int(position), samples.count - 2)
    let f = position - Double(i)
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) * (1 - f) + Double(b) * f).rounded()) }
    let (a, b) = (samples[i], samples[i + 1])
    return RGBColor(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
  }
}
