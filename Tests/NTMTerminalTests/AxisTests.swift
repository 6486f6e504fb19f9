import Testing

@testable import NTMTerminal

@Suite("Axis views and mappings")
struct AxisTests {
  @Test func oneIndexPerCell() {
    let m = AxisMapping(view: AxisView(), count: 5, start: 10, length: 8)
    #expect(m.indices(atScreen: 10) == 0..<1)
    #expect(m.indices(atScreen: 14) == 4..<5)
    #expect(m.indices(atScreen: 15) == nil)  // past the data
    #expect(m.indices(atScreen: 9) == nil)
    #expect(m.screenRange(ofIndex: 3) == 13..<14)
    #expect(m.usedLength == 5)
    #expect(m.visibleIndices == 0..<5)
  }

  @Test func zoomedOutGroupsIndices() {
    let m = AxisMapping(view: AxisView(indicesPerCell: 3), count: 10, start: 0, length: 10)
    #expect(m.indices(atCell: 0) == 0..<3)
    #expect(m.indices(atCell: 3) == 9..<10)  // the last group is partial
    #expect(m.indices(atCell: 4) == nil)
    #expect(m.screenRange(ofIndex: 7) == 2..<3)
    #expect(m.usedLength == 4)
  }

  @Test func zoomedInSpreadsIndices() {
    let m = AxisMapping(view: AxisView(cellsPerIndex: 3), count: 4, start: 2, length: 10)
    #expect(m.indices(atScreen: 2) == 0..<1)
    #expect(m.indices(atScreen: 4) == 0..<1)
    #expect(m.indices(atScreen: 5) == 1..<2)
    #expect(m.indices(atScreen: 10) == 2..<3)
    #expect(m.indices(atScreen: 11) == nil)  // 10 cells hold 3 whole indices
    #expect(m.screenRange(ofIndex: 1) == 5..<8)
    #expect(m.screenRange(ofIndex: 3) == nil)
    #expect(m.visibleIndices == 0..<3)
  }

  @Test func offsetIsClampedToKeepTheViewFull() {
    let m = AxisMapping(view: AxisView(offset: 50), count: 20, start: 0, length: 8)
    #expect(m.offset == 12)
    #expect(m.indices(atCell: 0) == 12..<13)
    #expect(m.indices(atCell: 7) == 19..<20)
    #expect(AxisMapping(view: AxisView(offset: -4), count: 20, start: 0, length: 8).offset == 0)
    #expect(AxisMapping(view: AxisView(offset: 3), count: 5, start: 0, length: 8).offset == 0)
  }

  @Test func everyVisibleIndexMapsBackToItself() {
    for view in [
      AxisView(offset: 3), AxisView(offset: 5, indicesPerCell: 4), AxisView(offset: 2, cellsPerIndex: 3),
    ] {
      let m = AxisMapping(view: view, count: 37, start: 4, length: 11)
      for index in m.visibleIndices {
        let range = m.screenRange(ofIndex: index)!
        for x in range { #expect(m.indices(atScreen: x)!.contains(index)) }
      }
    }
  }

  @Test func fittingChoosesAZoom() {
    #expect(AxisView.fitting(count: 128, length: 40) == AxisView(indicesPerCell: 4))
    #expect(AxisView.fitting(count: 40, length: 40) == AxisView())
    #expect(AxisView.fitting(count: 8, length: 40, maxCellsPerIndex: 4) == AxisView(cellsPerIndex: 4))
    #expect(AxisView.fitting(count: 8, length: 20, maxCellsPerIndex: 4) == AxisView(cellsPerIndex: 2))
    #expect(AxisView.fitting(count: 0, length: 20) == AxisView())
  }

  @Test func scrollingToShowAnIndex() {
    let view = AxisView()
    #expect(view.scrolled(toShow: 30, count: 100, length: 10).offset == 21)
    let scrolled = AxisView(offset: 40).scrolled(toShow: 35, count: 100, length: 10)
    #expect(scrolled.offset == 35)
    #expect(AxisView(offset: 40).scrolled(toShow: 45, count: 100, length: 10).offset == 40)
    #expect(AxisView(indicesPerCell: 2).scrolled(toShow: 99, count: 100, length: 10).offset == 80)
  }

  @Test func zoomSteps() {
    #expect(AxisView().zoomedOut() == AxisView(indicesPerCell: 2))
    #expect(AxisView().zoomedIn() == AxisView(cellsPerIndex: 2))
    #expect(AxisView(cellsPerIndex: 2).zoomedOut() == AxisView())
    #expect(AxisView(indicesPerCell: 2).zoomedIn() == AxisView())
  }
}
