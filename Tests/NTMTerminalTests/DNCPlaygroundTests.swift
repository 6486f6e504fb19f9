import NTM
import Testing

@testable import NTMTerminal

/// The playground's DNC page: each preset's paragraph is checked claim by claim against the
/// library's numbers (the state's `DNC.access` record, the one the screen draws), then the keys
/// and the screen. Weights are compared with a tolerance of 0.01 unless stated.
@Suite("DNC playground")
struct DNCPlaygroundTests {
  let theme = Theme(colorMode: .color256, glyphs: .unicode)

  func preset(_ index: Int) -> DNCPlaygroundState {
    DNCPlaygroundState(preset: DNCPlaygroundPreset.all[index])
  }

  func pressing(_ keys: [Key], from state: DNCPlaygroundState) -> DNCPlaygroundState {
    var s = state
    for key in keys {
      guard let next = s.updated(by: .key(key)) else {
        Issue.record("\(key) quit the DNC page")
        return s
      }
      s = next
    }
    return s
  }

  /// The location with all but `tolerance` of a weighting, or nil when none has.
  func focus(_ w: [Float], tolerance: Float = 0.01) -> Int? {
    w.indices.first { w[$0] > 1 - tolerance }
  }

  @Test func startHereWritesEachStepToTheNextLeastUsedLocation() {
    var s = preset(0)
    #expect(s.memoryState.memory.values.allSatisfy { $0 == 0 })
    for location in 0..<5 {
      let access = s.access
      #expect(focus(access.allocationWeighting) == location)
      #expect(focus(access.write.weighting) == location)
      #expect(access.memory.row(location) == s.patterns[location])  // v, erasing nothing there before
      s.takeStep()
      #expect(s.memoryState.usage[location] == 0)  // usage counts a write from the next step on
      #expect(s.access.usage[location] == 1)
    }
    // The link matrix records the order: 1 after 0, …, 4 after 3.
    for j in 0..<4 { #expect(s.memoryState.link[j + 1, j] == 1) }
    #expect(s.summary.write.hasPrefix("write allocates location 5, the least used"))
  }

  @Test func freeThenReuseSendsTheWriteToTheFreedLocation() {
    let s = preset(1)
    let access = s.access
    #expect(access.retention[2] == 0)
    #expect(access.usage[2] == 0)
    #expect(access.usage[6] == 0 && access.usage[7] == 0)
    #expect(focus(access.write.weighting) == 2)
    #expect(s.summary.frees == ["read0 frees location 2 (f = 1.00)"])
    // "Lower f with ← and the write moves to 6."
    let lowered = pressing(Array(repeating: .left, count: 10), from: s)
    #expect(lowered.settings.freeGate == 0)
    #expect(focus(lowered.access.write.weighting) == 6)
  }

  @Test func theReadFollowsTheLinksInTheOrderOfWritingNotOfLocation() {
    var forward = preset(2)
    var reads: [Int?] = []
    for _ in 0..<4 {
      reads.append(focus(forward.access.readHeads[0].weighting))
      forward.takeStep()
    }
    #expect(reads == [4, 5, 2, nil])  // after 2 no link leads on
    #expect(forward.access.readHeads[0].weighting.allSatisfy { $0 < 0.01 })
    #expect(
      preset(2).summary.reads == [
        "read0 follows the link forward from location 3 to location 4 (π forward = 1.00)"
      ])

    var backward = preset(3)
    reads = []
    for _ in 0..<4 {
      reads.append(focus(backward.access.readHeads[0].weighting))
      backward.takeStep()
    }
    #expect(reads == [5, 4, 3, nil])
  }

  @Test func lookUpThenFollowReadsByContentThenAlongTheLinks() {
    var s = preset(4)
    #expect(focus(s.access.readHeads[0].weighting, tolerance: 0.1) == 3)
    s.takeStep()
    // Select πᶠ (selected on loading) and raise it to 1.
    #expect(s.selected == .forwardMode)
    s = pressing(Array(repeating: .right, count: 10), from: s)
    #expect(s.settings.readMode == [0, 0, 1])
    var reads: [Int?] = []
    for _ in 0..<2 {
      reads.append(focus(s.access.readHeads[0].weighting, tolerance: 0.1))
      s.takeStep()
    }
    #expect(reads == [4, 5])
  }

  @Test func deallocationWipesTheFreedLocationSoTheStaleItemIsNotFound() {
    let s = preset(5)
    #expect(!s.settings.deallocation)
    let stale = s.access
    #expect(stale.usage[2] == 0)
    #expect(stale.memory.row(2) == s.patterns[2])
    #expect(stale.readHeads[0].contentWeighting[2] > 0.9)
    let fixed = pressing([.right], from: s)
    #expect(fixed.settings.deallocation)
    #expect(fixed.access.memory.row(2).allSatisfy { $0 == 0 })
    #expect(fixed.access.readHeads[0].contentWeighting[2] < 0.1)
  }

  @Test func maskingComparesTheFirstHalfOnly() {
    let s = preset(6)
    let key = s.interface.reads[0].key
    #expect(key == s.patterns[4])
    let masked = pressing([.right], from: s)
    #expect(masked.settings.masking == .firstHalf)
    let w = masked.access.readHeads[0].contentWeighting
    // The rows whose first half equals the key's share the weight.
    let agreeing = (0..<6).filter { Array(s.patterns[$0].prefix(3)) == Array(key.prefix(3)) }
    #expect(agreeing.contains(4))
    for i in agreeing { #expect(abs(w[i] - 1 / Float(agreeing.count)) < 0.02) }
  }

  @Test func linkSharpnessGathersABlurredForwardWeighting() {
    let s = preset(7)
    let blurred = s.access.readHeads[0].forwardWeighting
    #expect(blurred.indices.max { blurred[$0] < blurred[$1] } == 2)
    // "about half its weight on 2, and some on 3 and 4"
    #expect(blurred[2] > 0.4 && blurred[2] < 0.6 && blurred[3] > 0.1 && blurred[4] > 0.01)
    let sharpened = pressing([.right, .right], from: s)  // off → 2 → 5
    #expect(sharpened.settings.linkSharpness == .exponent(5))
    #expect(sharpened.access.readHeads[0].forwardWeighting[2] > 0.95)
  }

  // MARK: Keys

  @Test func theKeysSelectChangeStepAndUndo() {
    var s = preset(0)
    s = pressing([.down, .down], from: s)  // gᵃ → gʷ → e
    #expect(s.selected == .erase)
    s = pressing([.left], from: s)
    #expect(s.settings.erase == 0.9)
    let before = s.memoryState
    s = pressing([.character(" ")], from: s)
    #expect(s.steps == 1 && s.memoryState != before)
    #expect(s.settings.addPattern == 1)  // v moved on
    s = pressing([.backspace], from: s)
    #expect(s.steps == 0 && s.memoryState == before && s.settings.addPattern == 0)
    s = pressing([.character("3")], from: s)
    #expect(s.presetIndex == 3)
    s = pressing([.character("p")], from: s)
    #expect(s.presetIndex == 4)
    #expect(s.updated(by: .key(.character("q"))) == nil)
  }

  @Test func readModesStayADistribution() {
    var s = preset(4)  // π = (0, 1, 0), πᶠ selected
    s = pressing([.right, .right, .right], from: s)
    #expect(abs(s.settings.readMode.reduce(0, +) - 1) < 1e-6)
    #expect(abs(s.settings.readMode[2] - 0.3) < 1e-6 && abs(s.settings.readMode[1] - 0.7) < 1e-6)
  }

  @Test func dAndNSwitchPagesAndEachKeepsItsState() {
    var session = PlaygroundSession(ntm: PlaygroundState())
    session = session.updated(by: .key(.character("d")))!
    #expect(session.shown == .dnc)
    session = session.updated(by: .key(.character("2")))!
    #expect(session.dnc.presetIndex == 2)
    session = session.updated(by: .key(.character("n")))!
    #expect(session.shown == .ntm && session.dnc.presetIndex == 2)
    session = session.updated(by: .key(.character("d")))!
    #expect(session.shown == .dnc && session.dnc.presetIndex == 2)
  }

  // MARK: The screen

  @Test func theScreenShowsEveryStageTheLinksAndTheSentences() {
    let s = preset(1)
    let text = DNCPlaygroundScreen.render(s, size: Size(width: 120, height: 40), theme: theme).text
    for label in DNCPlaygroundStage.allCases.map(\.label) + ["Links Lₜ(i,j)", "Preset 1: Free, then reuse"] {
      #expect(text.contains(label), "\(label)")
    }
    #expect(text.contains("write allocates location 2, the least used"))
    #expect(text.contains("read0 frees location 2"))
    #expect(text.contains("f=1.00"))
  }

  @Test func aSmallTerminalIsAskedToGrow() {
    let text = DNCPlaygroundScreen.render(preset(0), size: Size(width: 80, height: 24), theme: theme).text
    #expect(text.contains("Enlarge the terminal to at least 108×32"))
  }
}
