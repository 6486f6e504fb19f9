/// How an axis of data (memory locations, time steps, vector components) is laid along an axis of
/// the screen: scrolled by `offset`, zoomed out (`indicesPerCell` > 1) or in (`cellsPerIndex` > 1).
///
/// This is the state a caller keeps and edits with keys (zoom in, zoom out, scroll). Widgets
/// combine it with the data length and the rectangle into an `AxisMapping`; two widgets given
/// the same view, the same data length and the same screen span map identically, which is how a
/// `WeightingStrip` lines up column for column with a `Heatmap`.
///
/// ```swift
/// var view = AxisView(indicesPerCell: 4)          // 128 locations in 32 columns
/// view = view.scrolled(toShow: focus, count: 128, length: 32)
/// ```
public struct AxisView: Hashable, Sendable {
  /// The first index shown (clamped by `AxisMapping` so that the view is as full as possible).
  public var offset: Int
  /// How many data indices share one cell (zoomed out); at least 1.
  public var indicesPerCell: Int
  /// How many cells each data index spans (zoomed in); at least 1. Ignored when
  /// `indicesPerCell` > 1.
  public var cellsPerIndex: Int

  public init(offset: Int = 0, indicesPerCell: Int = 1, cellsPerIndex: Int = 1) {
    self.offset = offset
    self.indicesPerCell = max(1, indicesPerCell)
    self.cellsPerIndex = max(1, cellsPerIndex)
  }

  /// The view that shows all `count` indices in `length` cells if possible: zoomed in by the
  /// largest whole factor up to `maxCellsPerIndex` when there is room, zoomed out by the smallest
  /// factor that fits otherwise.
  public static func fitting(count: Int, length: Int, maxCellsPerIndex: Int = 1) -> AxisView {
    guard count > 0, length > 0 else { return AxisView() }
    if count <= length {
      return AxisView(cellsPerIndex: min(max(1, maxCellsPerIndex), length / count))
    }
    return AxisView(indicesPerCell: (count + length - 1) / length)
  }

  /// How many data indices fit in `length` cells with this zoom.
  public func capacity(length: Int) -> Int {
    guard length > 0 else { return 0 }
    return indicesPerCell > 1 ? length * indicesPerCell : length / cellsPerIndex
  }

  /// The largest useful offset: beyond it the view would show empty cells at the end.
  public func maxOffset(count: Int, length: Int) -> Int {
    max(0, count - capacity(length: length))
  }

  /// This view with its offset clamped to 0…`maxOffset`.
  public func clamped(count: Int, length: Int) -> AxisView {
    var copy = self
    copy.offset = min(max(offset, 0), maxOffset(count: count, length: length))
    return copy
  }

  /// This view scrolled by the least amount that makes `index` visible.
  public func scrolled(toShow index: Int, count: Int, length: Int) -> AxisView {
    var copy = clamped(count: count, length: length)
    let capacity = max(1, capacity(length: length))
    if index < copy.offset {
      copy.offset = index
    } else if index >= copy.offset + capacity {
      copy.offset = index - capacity + 1
    }
    return copy.clamped(count: count, length: length)
  }

  /// Zoomed out by one step: one more index per cell (or one fewer cell per index).
  public func zoomedOut() -> AxisView {
    var copy = self
    if cellsPerIndex > 1 && indicesPerCell == 1 {
      copy.cellsPerIndex -= 1
    } else {
      copy.indicesPerCell += 1
    }
    return copy
  }

  /// Zoomed in by one step: one fewer index per cell (or one more cell per index).
  public func zoomedIn() -> AxisView {
    var copy = self
    if indicesPerCell > 1 {
      copy.indicesPerCell -= 1
    } else {
      copy.cellsPerIndex += 1
    }
    return copy
  }
}
