/// What a head's addressing did in one step, in words a teacher can point at: whether it used
/// the content match, where it shifted, how much it sharpened, and where it ended up.
public struct AddressingSummary: Sendable, Equatable {
  /// The location of greatest final weight, and that weight.
  public var focus: Int
  /// The weight at ``focus``: near 1 for a sharp focus, near 1/N for a blur.
  public var focusWeight: Float
  /// The location of greatest content weight, and that weight.
  public var contentFocus: Int
  /// The content weighting at ``contentFocus``.
  public var contentWeight: Float
  /// The offset with the greatest shift weight, and that weight.
  public var dominantShift: Int
  /// The shift weighting's value at ``dominantShift``.
  public var dominantShiftWeight: Float
  /// g: 1 uses the content match, 0 keeps the previous weighting.
  public var interpolationGate: Float
  /// β: how sharply the content weighting prefers the best match.
  public var keyStrength: Float
  /// γ ≥ 1: how strongly the final weighting was sharpened.
  public var sharpening: Float

  /// Summarises one head's addressing record; `shifts` is the configuration's shift window, which
  /// names the offsets of the shift weighting. Ties go to the lowest location or offset.
  public init(_ r: AddressingRecord<Float>, shifts: ClosedRange<Int>) {
    func argmax(_ v: [Float]) -> Int { v.argmax ?? 0 }
    focus = argmax(r.weighting)
    focusWeight = r.weighting.isEmpty ? 0 : r.weighting[focus]
    contentFocus = argmax(r.contentWeighting)
    contentWeight = r.contentWeighting.isEmpty ? 0 : r.contentWeighting[contentFocus]
    let s = argmax(r.shiftWeighting)
    dominantShift = shifts.lowerBound + s
    dominantShiftWeight = r.shiftWeighting.isEmpty ? 0 : r.shiftWeighting[s]
    interpolationGate = r.interpolationGate
    keyStrength = r.keyStrength
    sharpening = r.sharpening
  }

  /// One line, e.g. "content match ignored (g = 0.02); focus shifted +1 (s = 0.99);
  /// sharpened γ = 4.1; now at location 37 with weight 0.98".
  public var sentence: String {
    var parts: [String] = []
    if interpolationGate < 0.1 {
      parts.append("content match ignored (g = \(f(interpolationGate)))")
    } else if interpolationGate > 0.9 {
      parts.append(
        "content match used (g = \(f(interpolationGate)), β = \(f(keyStrength, 1))): best match location \(contentFocus) (\(f(contentWeight)))"
      )
    } else {
      parts.append(
        "content blended with the previous focus (g = \(f(interpolationGate))), best match location \(contentFocus)"
      )
    }
    if dominantShift == 0 {
      parts.append("no shift (s₀ = \(f(dominantShiftWeight)))")
    } else {
      parts.append(
        "focus shifted \(dominantShift > 0 ? "+" : "")\(dominantShift) (s = \(f(dominantShiftWeight)))")
    }
    parts.append("sharpened γ = \(f(sharpening, 1))")
    parts.append("now at location \(focus) with weight \(f(focusWeight))")
    return parts.joined(separator: "; ")
  }

  private func f(_ x: Float, _ decimals: Int = 2) -> String { x.decimalText(decimals) }
}
