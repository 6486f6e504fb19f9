import NTM

/// Which memory locations the memory panel shows, and how wide each one is drawn.
///
/// Memory is circular, and the shifts carry a head across the seam between the last location and
/// location 0 (the copy model writes at 0, 127, 126, …), so the window is a circular run of
/// locations: `start`, `start + 1`, … `start + count − 1`, all modulo N. By default it is the
/// region the heads have used so far (plus a margin), with cells enlarged to fill the panel;
/// `zoom` halves or doubles the locations shown from there. The view keeps the followed head's
/// focus, or the cursor, in sight by moving the least amount.
struct MemoryWindow: Equatable {
  /// The first location shown, and how many are shown (at most N).
  var start: Int
  var count: Int
  /// How the shown locations lie along the strip: several columns per location when there is
  /// room, several locations per column (showing their strongest value) when there is not.
  var axis: AxisView
  let locations: Int

  /// Locations either side of the used region, so that a head's neighbourhood shows.
  static let margin = 2
  /// The fewest locations the region view shows: at step 0 a head has used one location, and
  /// one location stretched across the screen says nothing.
  static let minimumCount = 16
  /// Cells per location at most: beyond it, more locations fill the panel instead.
  static let maximumCellsPerLocation = 12
  static let maximumZoomIn = 3

  /// How far zooming out goes: doubling the locations shown until the whole memory fits.
  static func maximumZoomOut(locations n: Int) -> Int {
    var k = 0
    while minimumCount << k < n { k += 1 }
    return k
  }

  /// The location shown at display index `d` (0 is the strip's left end).
  func location(at d: Int) -> Int { (start + d) % locations }

  /// The display index of location `i`, if shown.
  func displayIndex(of i: Int) -> Int? {
    let d = ((i - start) % locations + locations) % locations
    return d < count ? d : nil
  }

  /// Values per location reordered to the window: element d is the value at `location(at: d)`.
  func shown<T>(_ values: [T]) -> [T] { (0..<count).map { values[location(at: $0)] } }

  /// The window for a strip `width` columns wide.
  /// - Parameters:
  ///   - used: the run of locations (across the seam, maybe) the heads have used so far.
  ///   - keepInView: the location that must be visible (the followed focus or the cursor).
  ///   - previousStart: where the last window started, when the cursor is followed: the view
  ///     then moves from there rather than re-centring.
  init(
    locations n: Int, width: Int, used: LocationSpan, zoom: Int, keepInView: Int?,
    previousStart: Int?
  ) {
    locations = max(n, 1)
    let base = min(locations, max(Self.minimumCount, used.count + 2 * Self.margin))
    var wanted = Double(base) * pow2(-zoom)
    wanted = min(max(wanted, 2), Double(locations))
    var count = Int(wanted.rounded())
    let axis: AxisView
    if count <= width {
      let cells = min(max(1, width / max(count, 1)), Self.maximumCellsPerLocation)
      count = min(locations, width / cells)  // fill the strip at that cell width
      axis = AxisView(cellsPerIndex: cells)
    } else {
      let perCell = (count + width - 1) / max(width, 1)
      count = min(locations, width * perCell)
      axis = AxisView(indicesPerCell: perCell)
    }
    self.count = count
    self.axis = axis
    let centred = used.start - (count - used.count) / 2
    if count >= locations {
      // All of memory: in order from 0, unless the used region crosses the seam.
      start = used.start + used.count > locations ? (centred % locations + locations) % locations : 0
      return
    }
    start = ((previousStart ?? centred) % locations + locations) % locations
    if let keepInView { scroll(toShow: keepInView) }
  }

  /// Moves the window by the least amount, forwards or backwards round the circle, that shows
  /// location `i`.
  mutating func scroll(toShow i: Int) {
    guard displayIndex(of: i) == nil else { return }
    let n = locations
    let forward = ((i - (start + count - 1)) % n + n) % n
    let backward = ((start - i) % n + n) % n
    start = forward <= backward ? (start + forward) % n : ((start - backward) % n + n) % n
  }
}

/// 2^k for a small whole k.
private func pow2(_ k: Int) -> Double { k >= 0 ? Double(1 << k) : 1 / Double(1 << -k) }
