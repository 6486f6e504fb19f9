import NTM

/// The rows of the playground's addressing display, in the order the paper computes them, each
/// with its formula (docs/ntm.md's equations) and what it means in a sentence.
public enum PlaygroundStage: Int, CaseIterable, Sendable {
  case previous, similarity, content, gated, shifted, sharpened

  /// The strip's label: the paper's symbol and a word.
  public var label: String {
    switch self {
    case .previous: "wₜ₋₁ previous"
    case .similarity: "K  similarity"
    case .content: "wᶜ  content"
    case .gated: "wᵍ  gated"
    case .shifted: "w̃   shifted"
    case .sharpened: "w   sharpened"
    }
  }

  /// The stage's name in words, for the formula's heading.
  public var name: String {
    switch self {
    case .previous: "previous weighting"
    case .similarity: "content similarity"
    case .content: "content weighting"
    case .gated: "interpolation (gate)"
    case .shifted: "convolutional shift"
    case .sharpened: "sharpening"
    }
  }

  /// The equation, written on one line.
  public var formula: String {
    switch self {
    case .previous: "wₜ₋₁ = w of the last step (space: wₜ₋₁ := w)"
    case .similarity: "K(k,M(i)) = k·M(i) / (‖k‖ ‖M(i)‖ + ε)"
    case .content: "wᶜ(i) = exp(β K(k,M(i))) / Σⱼ exp(β K(k,M(j)))"
    case .gated: "wᵍ(i) = g wᶜ(i) + (1 − g) wₜ₋₁(i)"
    case .shifted: "w̃(i) = Σⱼ wᵍ(j) s(i − j mod N)"
    case .sharpened: "w(i) = w̃(i)^γ / Σⱼ w̃(j)^γ"
    }
  }

  /// The equation broken by hand into lines of at most 25 columns, for the formula panel
  /// beside the strips.
  public var formulaLines: [String] {
    switch self {
    case .previous: ["wₜ₋₁ = w of the last step", "   (space: wₜ₋₁ := w)"]
    case .similarity: ["K(k,M(i)) =", "  k·M(i) / (‖k‖ ‖M(i)‖+ε)"]
    case .content: ["wᶜ(i) = exp(β K(k,M(i)))", "   / Σⱼ exp(β K(k,M(j)))"]
    case .gated: ["wᵍ(i) = g wᶜ(i)", "   + (1 − g) wₜ₋₁(i)"]
    case .shifted: ["w̃(i) = Σⱼ wᵍ(j) s(i − j)", "   offsets i − j mod N"]
    case .sharpened: ["w(i) = w̃(i)^γ", "   / Σⱼ w̃(j)^γ"]
    }
  }

  /// What the stage does, in a sentence.
  public var meaning: String {
    switch self {
    case .previous:
      "Where this head attended at the last step. Stepping the head (space) makes the final weighting the new wₜ₋₁."
    case .similarity:
      "Cosine similarity of the key with every memory row: 1 for the same direction, 0 unrelated, −1 opposite."
    case .content:
      "A softmax of β K: β near 0 spreads the weight evenly, a large β puts it all on the best match."
    case .gated:
      "The gate g blends content with the previous weighting: g = 1 takes content, g = 0 ignores it."
    case .shifted:
      "Each location passes its weight to its neighbours by the shift weighting s; +1 moves focus to i + 1, circularly."
    case .sharpened:
      "Raising to the power γ ≥ 1 and renormalising undoes the blur of a soft shift: the largest weight wins."
    }
  }

  /// The stage's values in a record.
  public func values(in record: AddressingRecord<Float>) -> [Float] {
    switch self {
    case .previous: record.previous
    case .similarity: record.similarity
    case .content: record.contentWeighting
    case .gated: record.gatedWeighting
    case .shifted: record.shiftedWeighting
    case .sharpened: record.weighting
    }
  }

  /// Similarities are signed (−1…1); every other stage is a weighting (0…1).
  var scale: ValueScale { self == .similarity ? .diverging(limit: 1) : .sequential() }
}

/// The parameters the user selects and changes, in the order of the parameter line: k, β, g,
/// one weight per allowed shift offset, γ.
public enum PlaygroundParameter: Hashable, Sendable {
  case key, keyStrength, interpolationGate
  /// The weight of one shift offset (−1, 0, +1 by default; a model's own range when opened
  /// from its step).
  case shift(Int)
  case sharpening

  /// Every parameter for a head whose shifts are `shifts`, in order.
  public static func all(shifts: ClosedRange<Int>) -> [PlaygroundParameter] {
    [.key, .keyStrength, .interpolationGate] + shifts.map { .shift($0) } + [.sharpening]
  }

  /// The shift offset of a shift-weight parameter, or nil.
  public var shiftOffset: Int? {
    if case .shift(let offset) = self { offset } else { nil }
  }

  /// The stage whose formula is shown while this parameter is selected.
  public var stage: PlaygroundStage {
    switch self {
    case .key: .similarity
    case .keyStrength: .content
    case .interpolationGate: .gated
    case .shift: .shifted
    case .sharpening: .sharpened
    }
  }

  public var symbol: String {
    switch self {
    case .key: "k"
    case .keyStrength: "β"
    case .interpolationGate: "g"
    case .shift(let offset): "s" + PlaygroundParameter.subscripted(offset)
    case .sharpening: "γ"
    }
  }

  /// An offset in subscript digits with its sign: ₋₁, ₀, ₊₂.
  static func subscripted(_ offset: Int) -> String {
    let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    let sign = offset < 0 ? "₋" : (offset > 0 ? "₊" : "")
    return sign + String(String(abs(offset)).map { digits[Int(String($0))!] })
  }
}
