/// What one head did in one timestep: its addressing, and what it wrote or read.
public struct HeadRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// Which head: `write0`, `read0`, …
  public var id: HeadID
  /// The head's linear layer output before activation, in docs/ntm.md's table order:
  /// key (M), β, g, shift (S), γ, then for write heads erase (M) and add (M).
  public var raw: [Scalar]
  /// The four addressing stages and the parameters that produced them.
  public var addressing: AddressingRecord<Scalar>
  /// e ∈ [0, 1]ᴹ (write heads only).
  public var erase: [Scalar]?
  /// a ∈ [−1, 1]ᴹ (write heads only).
  public var add: [Scalar]?
  /// r = Σᵢ w(i) M(i) (read heads only).
  public var read: [Scalar]?

  /// The final weighting wₜ.
  public var weighting: [Scalar] { addressing.weighting }
}

/// The activations of docs/ntm.md's head-parameter table, forward and backward.
enum HeadActivation {
  struct Activated<S: NTMScalar> {
    var addressing: AddressingParameters<S>
    var erase: [S]?
    var add: [S]?
  }

  static func activate<S: NTMScalar>(
    raw: [S], memoryWidth m: Int, shiftCount: Int, isWrite: Bool, key: Configuration.KeyActivation
  ) -> Activated<S> {
    let keyValues = key == .tanh ? S.tanh(each: raw[0..<m]) : Array(raw[0..<m])
    let shiftStart = m + 2
    let sharpenIndex = shiftStart + shiftCount
    let addressing = AddressingParameters(
      key: keyValues,
      keyStrength: Activation.softplus(raw[m]),
      interpolationGate: Activation.sigmoid(raw[m + 1]),
      shiftWeighting: Activation.softmax(Array(raw[shiftStart..<sharpenIndex])),
      sharpening: 1 + Activation.softplus(raw[sharpenIndex]))
    guard isWrite else { return Activated(addressing: addressing) }
    let eraseStart = sharpenIndex + 1
    return Activated(
      addressing: addressing,
      erase: S.sigmoid(each: raw[eraseStart..<(eraseStart + m)]),
      add: S.tanh(each: raw[(eraseStart + m)..<(eraseStart + 2 * m)]))
  }

  /// The gradient with respect to the raw values, given gradients with respect to the
  /// activated ones (`dErase`, `dAdd` for write heads).
  static func backward<S: NTMScalar>(
    raw: [S], record: HeadRecord<S>, dAddressing d: AddressingParameters<S>, dErase: [S]?,
    dAdd: [S]?, key: Configuration.KeyActivation
  ) -> [S] {
    let a = record.addressing
    let m = a.key.count
    let shiftCount = a.shiftWeighting.count
    var dRaw = [S](repeating: 0, count: raw.count)
    for j in 0..<m { dRaw[j] = key == .tanh ? d.key[j] * (1 - a.key[j] * a.key[j]) : d.key[j] }
    dRaw[m] = d.keyStrength * Activation.sigmoid(raw[m])  // softplus′ = σ
    dRaw[m + 1] = d.interpolationGate * a.interpolationGate * (1 - a.interpolationGate)
    let dShift = Activation.softmaxBackward(output: a.shiftWeighting, gradient: d.shiftWeighting)
    for k in 0..<shiftCount { dRaw[m + 2 + k] = dShift[k] }
    let sharpenIndex = m + 2 + shiftCount
    dRaw[sharpenIndex] = d.sharpening * Activation.sigmoid(raw[sharpenIndex])
    if let erase = record.erase, let add = record.add, let dErase, let dAdd {
      for j in 0..<m {
        dRaw[sharpenIndex + 1 + j] = dErase[j] * erase[j] * (1 - erase[j])
        dRaw[sharpenIndex + 1 + m + j] = dAdd[j] * (1 - add[j] * add[j])
      }
    }
    return dRaw
  }
}
