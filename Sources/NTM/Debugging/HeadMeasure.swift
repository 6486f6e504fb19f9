import Foundation

/// One number about what a head did in one step: where it looked, how sharply, and with which
/// addressing parameters. The viewer plots them over a run and breakpoints test them
/// (`read0.entropy>2`); a machine offers the measures its heads have, so the same panel and
/// the same conditions serve any machine.
public struct HeadMeasure: Sendable, Equatable {
  /// The measure's name in conditions: "focus", "weight", "entropy", "width", then the NTM's
  /// "g", "beta", "gamma", "shift" or the DNC's "beta", "ga", "gw", "free", "backward",
  /// "content", "forward".
  public var name: String
  /// Its symbol on screen: "focus", "max w", "H", "width", "g", "β", "γ", "shift", "gᵃ", "gʷ",
  /// "f", "π back", "π cont", "π fwd".
  public var symbol: String
  public var value: Float
  public var kind: Kind

  /// What range a measure's values live in, for drawing it on a scale.
  public enum Kind: Sendable, Equatable {
    /// A memory location, 0…count − 1.
    case location(count: Int)
    /// A weight, a gate or a probability: 0…1.
    case fraction
    /// Entropy in bits, 0…log₂ N.
    case bits(maximum: Float)
    /// A number of locations, 1…N, best drawn on a logarithmic scale.
    case locations(maximum: Float)
    /// A parameter with a lower end and no upper one (β ≥ 0, γ ≥ 1): drawn against the run's
    /// largest.
    case unbounded(minimum: Float)
    /// A shift offset within the allowed shifts.
    case offset(ClosedRange<Int>)
  }

  public init(name: String, symbol: String, value: Float, kind: Kind) {
    self.name = name
    self.symbol = symbol
    self.value = value
    self.kind = kind
  }

  /// Every measure name a condition may use: where a head looks, the NTM's addressing
  /// parameters, then the DNC's gates and read modes.
  public static let names = [
    "focus", "weight", "entropy", "width", "g", "beta", "gamma", "shift", "ga", "gw", "free", "backward",
    "content", "forward",
  ]

  /// The measures of an NTM head: its focus (the location of greatest weight) and that weight,
  /// the weighting's entropy in bits and its effective width 2^H (the number of locations an
  /// equally spread weighting over them would have), and, when the record has its addressing,
  /// g, β, γ and the dominant shift.
  public static func measures(of head: HeadRecord<Float>, shifts: ClosedRange<Int>, addressing: Bool)
    -> [HeadMeasure]
  {
    var result = placement(of: head.weighting)
    guard addressing else { return result }
    let a = head.addressing
    let shift = a.shiftWeighting.argmax ?? 0
    result += [
      HeadMeasure(name: "g", symbol: "g", value: a.interpolationGate, kind: .fraction),
      HeadMeasure(name: "beta", symbol: "β", value: a.keyStrength, kind: .unbounded(minimum: 0)),
      HeadMeasure(name: "gamma", symbol: "γ", value: a.sharpening, kind: .unbounded(minimum: 1)),
      HeadMeasure(
        name: "shift", symbol: "shift", value: Float(shifts.lowerBound + shift), kind: .offset(shifts)),
    ]
    return result
  }

  /// Where a weighting looks, for a head of any machine: its focus (the location of greatest
  /// weight) and that weight, its entropy in bits and its effective width 2^H (the number of
  /// locations an equally spread weighting over them would have).
  public static func placement(of w: [Float]) -> [HeadMeasure] {
    let n = w.count
    let focus = w.argmax ?? 0
    let entropy = Self.entropyInBits(w)
    return [
      HeadMeasure(name: "focus", symbol: "focus", value: Float(focus), kind: .location(count: n)),
      HeadMeasure(name: "weight", symbol: "max w", value: n > 0 ? w[focus] : .nan, kind: .fraction),
      HeadMeasure(
        name: "entropy", symbol: "H bits", value: entropy, kind: .bits(maximum: log2(Float(max(n, 1))))),
      HeadMeasure(name: "width", symbol: "width", value: exp2(entropy), kind: .locations(maximum: Float(n))),
    ]
  }

  /// The measures of a DNC head (`h` counting the write head first): where it looks, its key
  /// strength β, and for the write head the allocation gate gᵃ and the write gate gʷ, for a read
  /// head its free gate f and its three read modes π (backward, content, forward).
  public static func measures(ofDNC r: DNCStepRecord<Float>, head h: Int) -> [HeadMeasure] {
    func fraction(_ name: String, _ symbol: String, _ value: Float) -> HeadMeasure {
      HeadMeasure(name: name, symbol: symbol, value: value, kind: .fraction)
    }
    let strength = { (value: Float) in
      HeadMeasure(name: "beta", symbol: "β", value: value, kind: .unbounded(minimum: 1))
    }
    guard h > 0 else {
      return placement(of: r.write.weighting) + [
        strength(r.write.content.keyStrength), fraction("ga", "gᵃ", r.interface.value(.allocationGate)),
        fraction("gw", "gʷ", r.interface.value(.writeGate)),
      ]
    }
    let i = h - 1
    let mode = r.interface[.readMode(i)]
    return placement(of: r.readHeads[i].weighting) + [
      strength(r.readHeads[i].content.keyStrength),
      fraction("free", "f", r.interface.value(.freeGate(i))),
      fraction("backward", "π back", mode[mode.startIndex]),
      fraction("content", "π cont", mode[mode.startIndex + 1]),
      fraction("forward", "π fwd", mode[mode.startIndex + 2]),
    ]
  }

  /// −Σ w log₂ w over the positive weights: 0 for a weighting on one location, log₂ N for a
  /// uniform one. NaN if any weight is NaN, so that a broken head is never reported as sharp.
  public static func entropyInBits(_ w: [Float]) -> Float {
    var h = 0.0
    for x in w {
      if x.isNaN { return .nan }
      if x > 0 { h -= Double(x) * log2(Double(x)) }
    }
    return Float(max(h, 0))
  }
}
