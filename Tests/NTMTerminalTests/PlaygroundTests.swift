import Foundation
import NTM
import Testing

@testable import NTMTerminal

/// The playground's state, keys and screen. Every number asserted on is read from the state's
/// library record (`AddressingRecord`), the same one the screen draws.
@Suite("Playground")
struct PlaygroundTests {
  let theme = Theme(colorMode: .color256, glyphs: .unicode)

  /// Applies keys in order; a key that quits fails the test.
  func pressing(_ keys: [Key], from state: PlaygroundState = PlaygroundState()) -> PlaygroundState {
    var s = state
    for key in keys {
      guard let next = s.updated(by: .key(key)) else {
        Issue.record("\(key) quit the playground")
        return s
      }
      s = next
    }
    return s
  }

  func entropy(_ w: [Float]) -> Float { -w.filter { $0 > 0 }.reduce(0) { $0 + $1 * log($1) } }
  func argmax(_ w: [Float]) -> Int { w.indices.max { w[$0] < w[$1] }! }

  // MARK: The addressing, through the keys

  @Test func theSeededMemoryHasDistinctPlusMinusOneRows() {
    let m = PlaygroundState.seededMemory(seed: 1)
    #expect(m.rows == 16 && m.columns == 6)
    #expect(m.values.allSatisfy { $0 == 1 || $0 == -1 })
    #expect(Set(m.nestedRows).count == 16)
    #expect(PlaygroundState.seededMemory(seed: 1) == m)
    #expect(PlaygroundState.seededMemory(seed: 2) != m)
  }

  @Test func raisingKeyStrengthSharpensTheContentWeighting() {
    var s = PlaygroundState()  // start here: β = 2, β selected
    #expect(s.selected == .keyStrength)
    var lastMax = s.record.contentWeighting.max()!
    var lastEntropy = entropy(s.record.contentWeighting)
    for _ in 0..<4 {
      s = pressing([.right], from: s)
      let w = s.record.contentWeighting
      #expect(w.max()! > lastMax)
      #expect(entropy(w) < lastEntropy)
      #expect(argmax(w) == 5)  // the key is a copy of row 5
      (lastMax, lastEntropy) = (w.max()!, entropy(w))
    }
    #expect(s.keyStrength == 10)  // 2 → 3 → 5 → 7 → 10 along the ladder
    s = pressing(Array(repeating: .right, count: 20), from: s)
    #expect(s.keyStrength == 100)
    s = pressing(Array(repeating: .left, count: 20), from: s)
    #expect(s.keyStrength == 0)
    #expect(s.record.contentWeighting.allSatisfy { abs($0 - 1 / 16) < 1e-6 })  // β = 0: uniform
  }

  @Test func aZeroGateMakesTheGatedWeightingThePreviousOne() {
    var s = pressing([.down], from: PlaygroundState())  // select g
    #expect(s.selected == .interpolationGate)
    s = pressing(Array(repeating: .left, count: 10), from: s)
    #expect(s.interpolationGate == 0)
    let r = s.record
    #expect(r.gatedWeighting == r.previous)
    #expect(r.contentWeighting != r.previous)
  }

  @Test func shiftWeightsStayADistribution() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[3])  // s = (0.1, 0.2, 0.7), s₊₁ selected
    for key in [Key.right, .right, .left, .up, .right, .up, .left, .left, .left] {
      s = pressing([key], from: s)
      #expect(abs(s.shiftWeighting.reduce(0, +) - 1) < 1e-5)
      #expect(s.shiftWeighting.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
    s = PlaygroundState(preset: PlaygroundPreset.all[2])  // s = (0, 0, 1)
    s = pressing([.left], from: s)
    #expect(s.shiftWeighting.map { ($0 * 100).rounded() } == [5, 5, 90])
  }

  @Test func steppingTheHeadMakesThePreviousTheLastWeighting() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[3])
    let before = s.record.weighting
    s = pressing([.character(" ")], from: s)
    #expect(s.previous == before)
    #expect(s.record.previous == before)
    #expect(s.steps == 1)
    s = pressing([.character("."), .backspace], from: s)
    #expect(s.previous == before)
    s = pressing([.character(",")], from: s)
    #expect(s.previous == PlaygroundState.oneHot(at: 3))
    #expect(s.steps == 0)
  }

  // MARK: Presets do what their paragraphs say

  @Test func everyPresetHasANameAndAParagraph() {
    #expect(PlaygroundPreset.all.count == 7)
    for (i, preset) in PlaygroundPreset.all.enumerated() {
      #expect(!preset.name.isEmpty)
      #expect(preset.explanation.count > 150)
      let s = pressing(
        [.character(Character(String(i)))], from: PlaygroundState(preset: PlaygroundPreset.all[1]))
      #expect(s.presetIndex == i)
      #expect(abs(s.shiftWeighting.reduce(0, +) - 1) < 1e-6)
    }
  }

  @Test func contentLookupFindsRowNine() {
    let s = PlaygroundState(preset: PlaygroundPreset.all[1])
    let r = s.record
    #expect(r.similarity[9] > 0.999)
    #expect(argmax(r.contentWeighting) == 9 && r.contentWeighting[9] > 0.99)
    #expect(argmax(r.weighting) == 9 && r.weighting[9] > 0.99)
    // "Lower β toward 0 and the weight spreads."
    let low = pressing(Array(repeating: .left, count: 9), from: s)
    #expect(low.keyStrength <= 2)
    #expect(low.record.contentWeighting[9] < 0.5)
    #expect(entropy(low.record.contentWeighting) > entropy(r.contentWeighting))
  }

  @Test func iterateByOneMovesTheFocusOneLocationPerStep() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[2])
    var focus = 3
    #expect(argmax(s.previous) == focus)
    for _ in 0..<20 {
      let w = s.record.weighting
      #expect(argmax(w) == (focus + 1) % 16)
      #expect(w.max()! > 0.999)
      #expect(s.record.gatedWeighting == s.previous)  // g = 0
      s = pressing([.character(" ")], from: s)
      focus = (focus + 1) % 16
    }
    #expect(focus == 7)  // 3 + 20, wrapped past 15
  }

  @Test func aSoftShiftBlursTheFocusStepByStep() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[3])
    let first = s.record.weighting.max()!
    #expect(abs(first - 0.7) < 1e-4)
    #expect(argmax(s.record.weighting) == 4)
    s = pressing([.character(" ")], from: s)
    #expect(abs(s.record.weighting.max()! - 0.49) < 1e-4)
    var last = s.record.weighting.max()!
    var lastEntropy = entropy(s.record.weighting)
    for _ in 0..<4 {
      s = pressing([.character(" ")], from: s)
      #expect(s.record.weighting.max()! < last)
      #expect(entropy(s.record.weighting) > lastEntropy)
      (last, lastEntropy) = (s.record.weighting.max()!, entropy(s.record.weighting))
    }
    // It drifted upward: the mean offset is +0.6 per step.
    #expect(argmax(s.record.weighting) > 4)
  }

  @Test func sharpeningKeepsTheSoftShiftFocused() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[4])
    var focus = 3
    for _ in 0..<12 {
      let r = s.record
      #expect(r.shiftedWeighting.max()! < 0.75)  // the shift still blurs…
      #expect(r.weighting.max()! > 0.99)  // …and γ = 5 undoes it
      #expect(argmax(r.weighting) == (focus + 1) % 16)
      s = pressing([.character(" ")], from: s)
      focus = (focus + 1) % 16
    }
    // "Lower γ to 1 and the blur returns."
    let blurred = pressing(
      Array(repeating: .left, count: 10), from: PlaygroundState(preset: PlaygroundPreset.all[4]))
    #expect(blurred.sharpening == 1)
    #expect(abs(blurred.record.weighting.max()! - 0.7) < 1e-3)
  }

  @Test func aClosedGateIgnoresAPerfectMatch() {
    let s = PlaygroundState(preset: PlaygroundPreset.all[5])
    let r = s.record
    #expect(argmax(r.contentWeighting) == 9 && r.contentWeighting[9] > 0.99)
    #expect(r.gatedWeighting == r.previous)
    #expect(argmax(r.weighting) == 2 && r.weighting[2] > 0.999)
    let half = pressing(Array(repeating: .right, count: 5), from: s)
    #expect(half.interpolationGate == 0.5)
    #expect(abs(half.record.weighting[2] - 0.5) < 0.01 && abs(half.record.weighting[9] - 0.5) < 0.01)
    let open = pressing(Array(repeating: .right, count: 10), from: s)
    #expect(argmax(open.record.weighting) == 9)
  }

  @Test func lookUpThenMoveOnLandsAfterTheMatch() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[6])
    #expect(argmax(s.record.contentWeighting) == 9)
    #expect(argmax(s.record.weighting) == 10)
    // "Step once, then set g = 0 to keep walking by location alone."
    s = pressing([.character(" "), .up, .up, .up], from: s)
    #expect(s.selected == .interpolationGate)
    s = pressing(Array(repeating: .left, count: 10), from: s)
    #expect(argmax(s.record.weighting) == 11)
    s = pressing([.character(" ")], from: s)
    #expect(argmax(s.record.weighting) == 12)
  }

  // MARK: Editing memory and key

  @Test func copyingARowIntoTheKeyMakesTheLookupExact() {
    var s = PlaygroundState(preset: PlaygroundPreset.all[1])
    s = pressing([.character("l"), .character("l"), .character("l"), .character("c")], from: s)
    #expect(s.key == s.memory.row(3))
    #expect(s.keyRow == 3)
    #expect(argmax(s.record.contentWeighting) == 3)
  }

  @Test func theKeyParameterStepsThroughMemoryRows() {
    var s = pressing([.up], from: PlaygroundState())  // k = M(5)
    #expect(s.selected == .key)
    s = pressing([.right, .right], from: s)
    #expect(s.keyRow == 7)
    s = pressing([.left], from: s)
    #expect(s.keyRow == 6)
  }

  @Test func typingAKey() {
    var s = pressing([.character("k")] + "1 -1 0.5 1 -1 0".map { Key.character($0) } + [.enter])
    #expect(s.prompt == nil)
    #expect(s.key == [1, -1, 0.5, 1, -1, 0])
    s = pressing([.character("k")] + "+-+0--".map { Key.character($0) } + [.enter], from: s)
    #expect(s.key == [1, -1, 1, 0, -1, -1])
    // Wrong input keeps the prompt open with a message; esc cancels.
    s = pressing([.character("k")] + "1 2".map { Key.character($0) } + [.enter], from: s)
    #expect(s.prompt != nil)
    #expect(s.message?.contains("need 6 values") == true)
    s = pressing([.escape], from: s)
    #expect(s.prompt == nil)
    #expect(s.key == [1, -1, 1, 0, -1, -1])
  }

  @Test func editingMemoryCells() {
    var s = pressing([.character("m")])
    #expect(s.focus == .memory)
    let original = s.memory[0, 0]
    s = pressing([.character("-"), .character("-")], from: s)
    #expect(s.memory[0, 0] == min(max(original - 0.5, -1), 1))
    s = pressing([.right, .down, .character("x")], from: s)
    #expect(s.memory[1, 1] == -PlaygroundState.seededMemory(seed: 1)[1, 1])
    // Left of location 0 is the key column.
    s = pressing([.left, .left, .character("x")], from: s)
    #expect(s.cursor.location == -1)
    #expect(s.key[1] == -s.memory.row(5)[1])
    // Typing a memory row.
    s = pressing([.right, .right, .enter] + "+++---".map { Key.character($0) } + [.enter], from: s)
    #expect(s.memory.row(1) == [1, 1, 1, -1, -1, -1])
    s = pressing([.escape], from: s)
    #expect(s.focus == .parameters)
  }

  @Test func quitKeys() {
    #expect(PlaygroundState().updated(by: .key(.character("q"))) == nil)
    #expect(PlaygroundState().updated(by: .key(.ctrlC)) == nil)
    // In a prompt, q is a character.
    let typing = pressing([.character("k"), .character("q")])
    #expect(typing.prompt?.text == "q")
  }

  // MARK: The screen

  /// The formula on one line, or (in the narrow panel beside the strips) its hand-broken lines.
  func showsFormula(of stage: PlaygroundStage, in text: String) -> Bool {
    text.contains(stage.formula) || stage.formulaLines.allSatisfy { text.contains($0) }
  }

  @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
  func theScreenShowsEveryStageAndTheSelectedFormula(size: Size) {
    var s = PlaygroundState()
    let grid = PlaygroundScreen.render(s, size: size, theme: theme)
    let text = grid.text
    for stage in PlaygroundStage.allCases {
      #expect(text.contains(stage.label), "\(stage.label) missing at \(size)")
    }
    #expect(showsFormula(of: .content, in: text))
    #expect(text.contains("β = 2.0"))
    #expect(text.contains(s.summary.sentence.prefix(40)))
    #expect(text.contains(String(PlaygroundPreset.all[0].explanation.prefix(30))))
    // Selecting another parameter shows its stage's formula.
    s = pressing([.down], from: s)
    let gated = PlaygroundScreen.render(s, size: size, theme: theme).text
    #expect(showsFormula(of: .gated, in: gated))
    #expect(!showsFormula(of: .content, in: gated))
    // [ and ] walk through every stage's formula.
    for _ in PlaygroundStage.allCases {
      s = pressing([.character("]")], from: s)
      #expect(showsFormula(of: s.stage, in: PlaygroundScreen.render(s, size: size, theme: theme).text))
    }
  }

  @Test func eachStripShowsTheLibrarysNumbersUnderItsLocation() {
    let s = PlaygroundState(preset: PlaygroundPreset.all[1])
    let lines = PlaygroundScreen.render(s, size: Size(width: 120, height: 40), theme: theme).lines()
    let contentRow = lines.first { $0.contains(PlaygroundStage.content.label) }!
    #expect(contentRow.contains("max 1.00 @9"))
    // Location 9's four columns start at label column + 9 × 4 (inside the panel's border).
    let x = 1 + PlaygroundLayout.labelWidth + 9 * PlaygroundLayout.cellsPerLocation
    #expect(String(Array(contentRow)[x..<(x + 3)]) == " 1 ")
    let header = lines.first { $0.contains("location") }!
    #expect(String(Array(header)[x..<(x + 3)]) == " 9 ")
  }

  @Test func theShownMaximumFollowsKeyStrength() {
    func shownMax(_ s: PlaygroundState) -> Float {
      let row = PlaygroundScreen.render(s, size: Size(width: 120, height: 40), theme: theme).lines()
        .first { $0.contains(PlaygroundStage.content.label) }!
      let after = row.split(separator: "max ").last!
      return Float(after.prefix(4))!
    }
    let s = PlaygroundState()
    let raised = pressing([.right, .right], from: s)
    #expect(shownMax(raised) > shownMax(s))
    #expect(abs(shownMax(s) - s.record.contentWeighting.max()!) < 0.006)
  }

  @Test func tooSmallAsksToEnlarge() {
    for size in [Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 20, height: 5)] {
      let text = PlaygroundScreen.render(PlaygroundState(), size: size, theme: theme).text
      #expect(text.contains("Enlarge"), "\(size)")
    }
  }

  @Test func helpListsTheKeysAndAnyKeyClosesIt() {
    var s = pressing([.character("?")])
    let text = PlaygroundScreen.render(s, size: Size(width: 120, height: 40), theme: theme).text
    #expect(text.contains("Keys (any key closes)"))
    #expect(text.contains("step the head"))
    s = pressing([.character("x")], from: s)
    #expect(!s.showsHelp)
  }

  @Test(arguments: Theme.all)
  func everyThemeRendersBothLayouts(theme: Theme) {
    for size in [Size(width: 120, height: 40), Size(width: 80, height: 24)] {
      let grid = PlaygroundScreen.render(PlaygroundState(), size: size, theme: theme)
      #expect(grid.text.contains(PlaygroundStage.sharpened.label))
    }
  }
}
