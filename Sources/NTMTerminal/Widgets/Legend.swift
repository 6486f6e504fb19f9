/// The key to a colour scale: "−1.00 ███████████ 1.00", the ramp between its two ends.
///
/// ```swift
/// Legend(scale: .diverging(limit: 1), label: "M").render(into: &grid, in: row, theme: theme)
/// // M −1.00 [ramp] 1.00
/// ```
///
/// The ramp's first and last cells show exactly the two ends (matching the numbers beside them)
/// and the cells between sample the scale evenly, so every step of the palette appears when the
/// ramp is at least as wide as the palette. Only the first row of the rectangle is used.
public struct Legend: Sendable {
  public var scale: ValueScale
  public var label: String?
  public var decimals: Int

  public init(scale: ValueScale, label: String? = nil, decimals: Int = 2) {
    self.scale = scale
    self.label = label
    self.decimals = decimals
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    var row = rect.sliceTop(1).slice
    guard !row.isEmpty else { return }
    let (lower, upper) = scale.bounds
    let lo = NumberFormat.fixed(lower, decimals: decimals, minus: theme.glyphs.minus)
    let hi = NumberFormat.fixed(upper, decimals: decimals, minus: theme.glyphs.minus)
    if let label {
      grid.write(label, x: row.x, y: row.y, clip: row)
      row = row.sliceLeft(label.count + 1).remainder
    }
    grid.write(lo, x: row.x, y: row.y, style: theme.muted, clip: row)
    row = row.sliceLeft(lo.count + 1).remainder
    let (right, ramp) = row.sliceRight(hi.count + 1)
    grid.write(hi, x: right.x + 1, y: right.y, style: theme.muted, clip: right)
    guard ramp.width > 0 else { return }
    for i in 0..<ramp.width {
      let t = ramp.width > 1 ? Float(i) / Float(ramp.width - 1) : 0.5
      let value = lower + t * (upper - lower)
      grid[ramp.x + i, ramp.y] = theme.cell(for: value, scale: scale)
    }
  }
}
