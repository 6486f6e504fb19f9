/// An attention weighting over N memory locations (values in 0…1 summing to 1), drawn as a
/// coloured strip or a bar chart, with a marker under the location of greatest weight.
///
/// ```swift
/// // Under a memory heatmap whose locations run across the screen:
/// let layout = memory.layout(in: memoryRect)
/// let strip = WeightingStrip(weights: w, axis: layout.horizontal.view)
/// strip.render(into: &grid, in: Rect(x: memoryRect.x, y: memoryRect.maxY, width: memoryRect.width,
///                                     height: 2), theme: theme)
/// ```
///
/// Given the same `AxisView`, the same number of locations and the same x span as a heatmap's
/// horizontal axis, the strip shows location i in exactly the columns where the heatmap does.
///
/// Rows of the rectangle: the last one holds the focus marker (when `showsFocusMarker` and the
/// rectangle has at least two rows); the others show the weights. With `style == .heat` every
/// weight row is a coloured cell; with `.bars` the rows form a bar chart in eighth-blocks
/// (▁▂▃▄▅▆▇█), coloured by the same ramp.
public struct WeightingStrip: Sendable {
  public enum Style: Hashable, Sendable {
    /// Colour (or shade, in monochrome) per location.
    case heat
    /// A bar per location whose height is the weight.
    case bars
  }

  public var weights: [Float]
  public var axis: AxisView
  public var style: Style
  /// The scale of the weights; 0…1 for an attention weighting.
  public var scale: ValueScale
  public var showsFocusMarker: Bool
  /// The location to mark; nil marks the location of greatest weight.
  public var focus: Int?

  public init(
    weights: [Float], axis: AxisView = AxisView(), style: Style = .heat,
    scale: ValueScale = .sequential(), showsFocusMarker: Bool = true, focus: Int? = nil
  ) {
    self.weights = weights
    self.axis = axis
    self.style = style
    self.scale = scale
    self.showsFocusMarker = showsFocusMarker
    self.focus = focus
  }

  /// The location of greatest weight (the first, on ties), or nil for an empty weighting.
  /// NaN weights are ignored.
  public var argmax: Int? {
    var best: Int?
    for (i, w) in weights.enumerated() where !w.isNaN {
      if best == nil || w > weights[best!] { best = i }
    }
    return best
  }

  /// Screen columns ↔ locations in `rect`.
  public func mapping(in rect: Rect) -> AxisMapping {
    AxisMapping(view: axis, count: weights.count, start: rect.x, length: rect.width)
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard !rect.isEmpty else { return }
    let mapping = mapping(in: rect)
    let hasMarkerRow = showsFocusMarker && rect.height >= 2
    let (markerRow, body) = rect.sliceBottom(hasMarkerRow ? 1 : 0)
    for x in rect.x..<rect.maxX {
      guard let locations = mapping.indices(atScreen: x),
        let value = scale.representative(weights[locations.clamped(to: weights.indices)])
      else { continue }
      switch style {
      case .heat:
        let cell = theme.cell(for: value, scale: scale)
        for y in body.y..<body.maxY { grid[x, y] = cell }
      case .bars:
        drawBar(value, x: x, in: body, into: &grid, theme: theme)
      }
    }
    if hasMarkerRow { drawMarker(in: markerRow, mapping: mapping, into: &grid, theme: theme) }
  }

  private func drawBar(_ value: Float, x: Int, in body: Rect, into grid: inout CellGrid, theme: Theme) {
    let t = scale.normalized(value)
    if t.isNaN {
      grid[x, body.maxY - 1] = Cell(theme.glyphs.notANumber, attributes: .bold)
      return
    }
    let eighths = theme.glyphs.eighths
    let filled = Int((t * Float(body.height * eighths.count)).rounded())
    let color = theme.color(for: value, scale: scale)
    for row in 0..<body.height {
      let level = min(max(filled - row * eighths.count, 0), eighths.count)
      guard level > 0 else { break }
      grid[x, body.maxY - 1 - row] = Cell(eighths[level - 1], foreground: color)
    }
  }

  private func drawMarker(in row: Rect, mapping: AxisMapping, into grid: inout CellGrid, theme: Theme) {
    guard let focus = focus ?? argmax, focus >= 0, focus < weights.count else { return }
    let style = theme.accent
    if let span = mapping.screenRange(ofIndex: focus) {
      let x = span.lowerBound + (span.count - 1) / 2
      grid[x, row.y] = Cell(theme.glyphs.markerUp, style: style)
    } else if focus < mapping.visibleIndices.lowerBound {
      grid[row.x, row.y] = Cell(theme.glyphs.markerLeft, style: style)
    } else {
      let used = mapping.usedLength
      grid[row.x + max(used - 1, 0), row.y] = Cell(theme.glyphs.markerRight, style: style)
    }
  }
}
