/// The temporal link matrix read one location at a time: which location was written right
/// after a location, and which right before it, as the viewer's inspector and link arrows show.
extension DNCStepRecord where Scalar == Float {
  /// The location written right after `j`, by the strongest link L[i, j], and that link.
  public func next(after j: Int) -> (location: Int, strength: Float) {
    let i = (0..<link.rows).max { link[$0, j] < link[$1, j] } ?? j
    return (i, link.rows > 0 ? link[i, j] : 0)
  }

  /// The location written right before `i`, by the strongest link L[i, j], and that link.
  public func previous(before i: Int) -> (location: Int, strength: Float) {
    let j = (0..<link.columns).max { link[i, $0] < link[i, $1] } ?? i
    return (j, link.columns > 0 ? link[i, j] : 0)
  }
}
