/// Where each panel of the viewer goes for a terminal size: a pure function of the size, the
/// hidden panels and the rows the sequence needs, shared by `render` and by mouse handling (which
/// must agree on where a memory location is on screen).
struct ViewerLayout {
  static let minimum = Size(width: 80, height: 24)
  /// From this size on, every panel has room.
  static let full = Size(width: 110, height: 36)
  /// Rows the memory panel keeps at least when the sequence asks for a taller band.
  static let minimumMemoryRows = 16

  var header: Rect
  var sequence: Rect?
  var timeline: Rect?
  var vectors: Rect?
  var memory: Rect
  var footer: Rect
  var isReduced: Bool

  /// The label column to the left of every location-aligned strip in the memory panel.
  static let labelWidth = 16

  /// - Parameter sequenceRows: the rows inside the sequence panel that show every grid the
  ///   task has; the band grows to fit them, down to `minimumMemoryRows` of memory.
  init?(size: Size, hidden: Set<ViewerState.PanelID>, steps: Int, sequenceRows: Int) {
    guard size.width >= ViewerLayout.minimum.width, size.height >= ViewerLayout.minimum.height else {
      return nil
    }
    let bounds = Rect(size: size)
    isReduced = size.width < ViewerLayout.full.width || size.height < ViewerLayout.full.height
    var (top, rest) = bounds.sliceTop(1)
    header = top
    (footer, rest) = rest.sliceBottom(isReduced ? 3 : 4)
    let bandHeight =
      isReduced ? 11 : min(max(15, sequenceRows + 2), max(15, rest.height - ViewerLayout.minimumMemoryRows))
    let showsSequence = !hidden.contains(.sequence)
    let showsTimeline = !hidden.contains(.timeline) && !isReduced
    let showsVectors = !hidden.contains(.vectors) && !isReduced
    if showsSequence || showsTimeline || showsVectors {
      var band: Rect
      (band, rest) = rest.sliceTop(bandHeight)
      if showsVectors && (showsSequence || showsTimeline) {
        (vectors, band) = band.sliceRight(min(40, band.width / 3))
      } else if showsVectors {
        vectors = band
      }
      if showsSequence && showsTimeline {
        // As wide as the steps need, and never narrower than its title with the unscored note.
        (sequence, timeline) = band.sliceLeft(min(max(band.width / 2, 24), max(steps + 8, 33)))
      } else if showsSequence {
        sequence = band
      } else if showsTimeline {
        timeline = band
      }
    }
    memory = rest
  }
}
