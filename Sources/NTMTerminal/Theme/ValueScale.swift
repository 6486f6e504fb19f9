/// How numbers map onto a colour ramp.
///
/// ```swift
/// ValueScale.sequential()               // attention weights, probabilities: 0…1
/// ValueScale.diverging(limit: 2)        // memory contents, signed: −2…2, 0 in the middle
/// ```
public enum ValueScale: Hashable, Sendable {
  /// Values from `lower` (darkest) to `upper` (brightest), clamped.
  case sequential(lower: Float = 0, upper: Float = 1)
  /// Signed values in −`limit`…`limit`: negative blue, zero white, positive red, clamped.
  case diverging(limit: Float)

  /// The position of `value` on the ramp: 0…1 for sequential, −1…1 for diverging; clamped;
  /// NaN stays NaN. A degenerate range (upper ≤ lower, limit ≤ 0) maps everything to its
  /// lowest (sequential) or to zero unless the value is itself nonzero (diverging: its sign).
  public func normalized(_ value: Float) -> Float {
    if value.isNaN { return .nan }
    switch self {
    case .sequential(let lower, let upper):
      guard upper > lower else { return value > lower ? 1 : 0 }
      return min(max((value - lower) / (upper - lower), 0), 1)
    case .diverging(let limit):
      guard limit > 0 else { return value > 0 ? 1 : (value < 0 ? -1 : 0) }
      return min(max(value / limit, -1), 1)
    }
  }

  /// The values at the two ends of the ramp.
  public var bounds: (lower: Float, upper: Float) {
    switch self {
    case .sequential(let lower, let upper): (lower, upper)
    case .diverging(let limit): (-limit, limit)
    }
  }

  /// Of several values that share one cell (zoomed out), the one to show: the largest for a
  /// sequential scale, the one of largest magnitude (keeping its sign) for a diverging scale,
  /// so that a single strong value is never averaged away. NaN wins, so it is never hidden.
  public func representative(_ values: some Sequence<Float>) -> Float? {
    var best: Float?
    for v in values { best = best.map { stronger($0, v) } ?? v }
    return best
  }

  /// The one of two values `representative` keeps.
  @inlinable
  public func stronger(_ a: Float, _ b: Float) -> Float {
    if a.isNaN { return a }
    if b.isNaN { return b }
    switch self {
    case .sequential: return b > a ? b : a
    case .diverging: return abs(b) > abs(a) ? b : a
    }
  }
}
