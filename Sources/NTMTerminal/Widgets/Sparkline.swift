#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A series (a loss curve, a gate over time) drawn with eighth-blocks ▁▂▃▄▅▆▇█, fitted to the
/// rectangle's width. Taller rectangles stack blocks for finer resolution.
///
/// ```swift
/// Sparkline(values: losses, logarithmic: true).render(into: &grid, in: row, theme: theme)
/// // ▇▆▅▄▃▃▂▂▂▁▁▁
/// ```
///
/// A series longer than the width is resampled: each cell shows the mean of an equal share of
/// consecutive values (`Sparkline.resample`), so the whole history stays visible. The vertical
/// range is `range`, or the finite values' minimum…maximum; with a logarithmic scale only
/// positive values count. The lowest value still gets a one-eighth block so the line never
/// vanishes; NaN and non-positive values on a log scale are left blank.
public struct Sparkline: Sendable {
  public var values: [Float]
  public var range: ClosedRange<Float>?
  public var logarithmic: Bool
  public var style: CellStyle

  public init(
    values: [Float], range: ClosedRange<Float>? = nil, logarithmic: Bool = false,
    style: CellStyle = .plain
  ) {
    self.values = values
    self.range = range
    self.logarithmic = logarithmic
    self.style = style
  }

  /// `values` reduced to at most `width` by averaging equal consecutive buckets (bucket i covers
  /// values ⌊i·n/width⌋ ..< ⌊(i+1)·n/width⌋). NaNs are skipped; an all-NaN bucket gives NaN.
  public static func resample(_ values: [Float], to width: Int) -> [Float] {
    guard width > 0 else { return [] }
    guard values.count > width else { return values }
    return (0..<width).map { i in
      let lo = i * values.count / width
      let hi = (i + 1) * values.count / width
      var sum: Float = 0
      var n = 0
      for v in values[lo..<hi] where !v.isNaN {
        sum += v
        n += 1
      }
      return n > 0 ? sum / Float(n) : .nan
    }
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard !rect.isEmpty else { return }
    let eighths = theme.glyphs.eighths
    let samples = Sparkline.resample(values, to: rect.width)
    let transform: (Float) -> Float = logarithmic ? { $0 > 0 ? log10($0) : .nan } : { $0 }
    let transformed = samples.map(transform)
    let finite = transformed.filter(\.isFinite)
    let lo: Float
    let hi: Float
    if let range {
      lo = transform(range.lowerBound)
      hi = transform(range.upperBound)
    } else {
      lo = finite.min() ?? 0
      hi = finite.max() ?? 1
    }
    let levels = rect.height * eighths.count
    for (i, v) in transformed.enumerated() where v.isFinite {
      let t: Float = hi > lo ? min(max((v - lo) / (hi - lo), 0), 1) : 0.5
      // At least one eighth, so the minimum is drawn rather than blank.
      let filled = max(1, Int((t * Float(levels - 1)).rounded()) + 1)
      for row in 0..<rect.height {
        let level = min(max(filled - row * eighths.count, 0), eighths.count)
        guard level > 0 else { break }
        grid[rect.x + i, rect.maxY - 1 - row] = Cell(eighths[level - 1], style: style)
      }
    }
  }
}
