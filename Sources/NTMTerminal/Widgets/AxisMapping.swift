/// The correspondence between screen positions along one axis and data indices, for a given
/// `AxisView`, data length and screen span. All positions are absolute screen coordinates.
///
/// Callers use it to align other widgets, place labels over an index, and map a mouse click to
/// the index under it:
///
/// ```swift
/// let layout = heatmap.layout(in: rect)
/// if let locations = layout.horizontal.indices(atScreen: mouseX) { select(locations.lowerBound) }
/// let span = layout.horizontal.screenRange(ofIndex: 17)   // columns showing location 17
/// ```
public struct AxisMapping: Hashable, Sendable {
  /// The screen coordinate of the first cell.
  public let start: Int
  /// The number of cells available.
  public let length: Int
  /// The number of data indices.
  public let count: Int
  /// The view with its offset clamped (`AxisView.clamped`): what is actually shown.
  public let view: AxisView

  public init(view: AxisView, count: Int, start: Int, length: Int) {
    self.start = start
    self.length = max(0, length)
    self.count = max(0, count)
    self.view = view.clamped(count: self.count, length: self.length)
  }

  /// The first data index shown.
  public var offset: Int { view.offset }

  /// The data indices shown at `cell` cells from `start`, or nil past the data.
  public func indices(atCell cell: Int) -> Range<Int>? {
    guard cell >= 0, cell < length else { return nil }
    let first: Int
    let end: Int
    if view.indicesPerCell > 1 {
      first = view.offset + cell * view.indicesPerCell
      end = min(first + view.indicesPerCell, count)
    } else {
      // Only whole indices are shown: a trailing partial group of cells stays empty.
      guard cell < (length / view.cellsPerIndex) * view.cellsPerIndex else { return nil }
      first = view.offset + cell / view.cellsPerIndex
      end = first + 1
    }
    guard first < count, first >= 0 else { return nil }
    return first..<end
  }

  /// The data indices shown at absolute screen coordinate `position`, or nil.
  public func indices(atScreen position: Int) -> Range<Int>? {
    indices(atCell: position - start)
  }

  /// The absolute screen coordinates that show data index `index`, or nil if it is not visible.
  public func screenRange(ofIndex index: Int) -> Range<Int>? {
    guard index >= 0, index < count, index >= view.offset else { return nil }
    let relative = index - view.offset
    let cellRange: Range<Int>
    if view.indicesPerCell > 1 {
      let cell = relative / view.indicesPerCell
      cellRange = cell..<(cell + 1)
    } else {
      cellRange = (relative * view.cellsPerIndex)..<((relative + 1) * view.cellsPerIndex)
    }
    guard cellRange.upperBound <= length else { return nil }
    return (start + cellRange.lowerBound)..<(start + cellRange.upperBound)
  }

  /// The number of cells (from `start`) that show data.
  public var usedLength: Int {
    var n = 0
    while n < length, indices(atCell: n) != nil { n += 1 }
    return n
  }

  /// The data indices visible at all.
  public var visibleIndices: Range<Int> {
    let used = usedLength
    guard used > 0, let first = indices(atCell: 0), let last = indices(atCell: used - 1) else {
      return view.offset..<view.offset
    }
    return first.lowerBound..<last.upperBound
  }
}
