/// A sequence of bit vectors (time × bits: inputs, targets, outputs of a copy task), time running
/// left to right, with the current step marked and wrong bits flagged.
///
/// ```swift
/// var output = BitGrid(values: probabilities, steps: 20, bits: 8)
/// output.currentStep = step
/// output.wrong = zip(thresholded, target).map { $0 != $1 }
/// output.render(into: &grid, in: rect, theme: theme)
/// ```
///
/// Values are in 0…1 and drawn with the sequential ramp, so an output's probabilities show their
/// confidence and not only their rounding. A wrong bit is drawn as `glyphs.wrong` on the theme's
/// error style (white on red; reverse video in monochrome), which wins over the value.
/// When `currentStep` is set and the rectangle has a row to spare below the bits, the row right
/// under them holds a marker under the current step. Zooming out time shows the strongest value
/// and flags a block as wrong if any bit in it is wrong.
public struct BitGrid: Sendable {
  /// Row-major by time: bit b at step t is `values[t * bits + b]`.
  public var values: [Float]
  public var steps: Int
  public var bits: Int
  public var currentStep: Int?
  /// Same shape as `values`; true marks a wrong bit. Nil or shorter arrays mark nothing.
  public var wrong: [Bool]?
  /// Zoom and scroll of time (the x axis).
  public var timeAxis: AxisView
  /// Zoom and scroll of bits (the y axis).
  public var bitAxis: AxisView

  public init(
    values: [Float], steps: Int, bits: Int, currentStep: Int? = nil, wrong: [Bool]? = nil,
    timeAxis: AxisView = AxisView(), bitAxis: AxisView = AxisView()
  ) {
    self.values = values
    self.steps = max(0, steps)
    self.bits = max(0, bits)
    self.currentStep = currentStep
    self.wrong = wrong
    self.timeAxis = timeAxis
    self.bitAxis = bitAxis
  }

  /// Where steps and bits land in `rect`, and the row of the step marker if there is one.
  public func layout(in rect: Rect) -> (time: AxisMapping, bits: AxisMapping, markerRow: Int?) {
    let bitMapping = AxisMapping(view: bitAxis, count: bits, start: rect.y, length: rect.height)
    let time = AxisMapping(view: timeAxis, count: steps, start: rect.x, length: rect.width)
    // The marker takes the row right under the last bit row, if there is one to spare.
    let used = bitMapping.usedLength
    let markerRow = currentStep != nil && used < rect.height ? rect.y + used : nil
    return (time, bitMapping, markerRow)
  }

  public func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard !rect.isEmpty else { return }
    let (time, bitMapping, markerRow) = layout(in: rect)
    let scale = ValueScale.sequential()
    for x in rect.x..<rect.maxX {
      guard let stepRange = time.indices(atScreen: x) else { continue }
      for y in bitMapping.start..<(bitMapping.start + bitMapping.length) {
        guard let bitRange = bitMapping.indices(atScreen: y) else { continue }
        var value: Float?
        var isWrong = false
        for t in stepRange {
          for b in bitRange.clamped(to: 0..<bits) {
            let index = t * bits + b
            guard index < values.count else { continue }
            value = value.map { scale.stronger($0, values[index]) } ?? values[index]
            if let wrong, index < wrong.count, wrong[index] { isWrong = true }
          }
        }
        if isWrong {
          grid[x, y] = Cell(theme.glyphs.wrong, style: theme.error)
        } else if let value {
          grid[x, y] = theme.cell(for: value, scale: scale)
        }
      }
    }
    if let markerRow, let step = currentStep, let span = time.screenRange(ofIndex: step) {
      let x = span.lowerBound + (span.count - 1) / 2
      grid[x, markerRow] = Cell(theme.glyphs.markerUp, style: theme.accent)
    }
  }
}
