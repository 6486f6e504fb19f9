#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A numeric axis of a chart: its label, the range it spans, linear or logarithmic, and where
/// its ticks are.
///
/// ```swift
/// let y = ChartAxis.fitting([0.2, 3.7], label: "bits", includeZero: true)
/// y.domain    // 0...4
/// y.ticks     // [0, 1, 2, 3, 4]
/// y.fraction(2)  // 0.5: halfway along the axis
/// ```
public struct ChartAxis: Sendable, Equatable {
  public enum Scale: String, Sendable, Equatable, CaseIterable {
    case linear
    /// Base 10; only positive values can be placed.
    case logarithmic = "log"
  }

  public var label: String
  public var domain: ClosedRange<Double>
  public var scale: Scale
  /// Values at which ticks are drawn, ascending, inside `domain`.
  public var ticks: [Double]
  /// The text of each tick.
  public var tickLabels: [String]

  public init(label: String, domain: ClosedRange<Double>, scale: Scale = .linear, ticks: [Double]) {
    self.label = label
    self.domain = domain
    self.scale = scale
    self.ticks = ticks
    tickLabels = ChartAxis.labels(ticks, scale: scale)
  }

  /// Where `value` lies along the axis, 0 at the lower end and 1 at the upper; NaN for a value
  /// the axis cannot place (not positive on a logarithmic axis, not finite).
  public func fraction(_ value: Double) -> Double {
    guard value.isFinite else { return .nan }
    switch scale {
    case .linear:
      let span = domain.upperBound - domain.lowerBound
      return span > 0 ? (value - domain.lowerBound) / span : 0.5
    case .logarithmic:
      guard value > 0, domain.lowerBound > 0 else { return .nan }
      let lo = log10(domain.lowerBound)
      let span = log10(domain.upperBound) - lo
      return span > 0 ? (log10(value) - lo) / span : 0.5
    }
  }

  /// The axis for the given values: a linear range widened to round tick steps of 1, 2 or 5 ×
  /// 10ᵏ (from zero if `includeZero`), or a logarithmic one from power of ten to power of ten.
  /// Values the scale cannot place are ignored.
  public static func fitting(
    _ values: [Double], label: String, scale: Scale = .linear, includeZero: Bool = false, maxTicks: Int = 6
  ) -> ChartAxis {
    let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
    switch scale {
    case .linear:
      var lo = usable.min() ?? 0
      var hi = usable.max() ?? 1
      if includeZero { (lo, hi) = (min(lo, 0), max(hi, 0)) }
      if hi <= lo { (lo, hi) = lo == 0 ? (0, 1) : (lo - abs(lo) / 2, hi + abs(hi) / 2) }
      let step = niceStep((hi - lo) / Double(max(1, maxTicks - 1)))
      let first = (lo / step).rounded(.down)
      let last = (hi / step).rounded(.up)
      let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
      return ChartAxis(label: label, domain: first * step...last * step, scale: .linear, ticks: ticks)
    case .logarithmic:
      let lo = (usable.min().map(log10) ?? 0).rounded(.down)
      var hi = (usable.max().map(log10) ?? 1).rounded(.up)
      if hi <= lo { hi = lo + 1 }
      var ticks = stride(from: lo, through: hi, by: 1).map { pow(10, $0) }
      // Few decades: label 2 and 5 times each power as well.
      if hi - lo <= 2 {
        ticks = ticks.flatMap { [$0, 2 * $0, 5 * $0] }.filter { $0 <= pow(10, hi) }
      }
      return ChartAxis(label: label, domain: pow(10, lo)...pow(10, hi), scale: .logarithmic, ticks: ticks)
    }
  }

  /// 1, 2 or 5 × 10ᵏ, the smallest such at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    let power = pow(10, log10(raw).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
    return 10 * power
  }

  /// The text of each tick. Thousands are written "k" and millions "M" ("20k", "1.5M") once
  /// the largest tick reaches ten thousand (a million): one unit for the whole axis, so that
  /// 5k stands beside 10k rather than 5000. Each tick of a logarithmic axis chooses alone.
  static func labels(_ ticks: [Double], scale: Scale) -> [String] {
    switch scale {
    case .logarithmic:
      return ticks.map { label($0, step: $0) }
    case .linear:
      let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
      let largest = ticks.map(abs).max() ?? 0
      return ticks.map { label($0, step: step, largest: largest) }
    }
  }

  /// One number as a tick shows it: in the unit `largest` calls for, with as many decimals as
  /// `step` needs in that unit (0.25 two, 0.5 one, 20 none).
  static func label(_ value: Double, step: Double, largest: Double? = nil) -> String {
    let largest = largest ?? abs(value)
    let (unit, suffix) = largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1.0, "")
    var decimals = 0
    while decimals < 6 {
      let scaled = abs(step / unit) * pow(10, Double(decimals))
      if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
      decimals += 1
    }
    let text = trimmed(value / unit, decimals: decimals)
    return text == "0" ? text : text + suffix
  }

  private static func trimmed(_ value: Double, decimals: Int) -> String {
    let scale = pow(10, Double(decimals))
    let rounded = (value * scale).rounded() / scale
    if rounded == 0 { return "0" }
    var text = String(Int64(abs(rounded)))
    if decimals > 0 {
      let fraction = Int64((abs(rounded) * scale).rounded()) % Int64(scale)
      var digits = String(fraction)
      digits = String(repeating: "0", count: decimals - digits.count) + digits
      while digits.hasSuffix("0") { digits.removeLast() }
      if !digits.isEmpty { text += "." + digits }
    }
    return (rounded < 0 ? "-" : "") + text
  }
}
