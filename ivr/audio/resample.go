package audio

import "math"

// filterZeros is the half-width of the windowed-sinc filter in zero
// crossings of the output's Nyquist frequency: 16 gives a transition band
// of about 1/16 of the Nyquist frequency and over 70 dB stop-band
// attenuation with the Blackman window.
const filterZeros = 16

// cutoff is the filter's cut-off as a fraction of the lower Nyquist
// frequency, leaving room for the transition band below it.
const cutoff = 0.9

// Resample converts samples from rate from to rate to by band-limited
// interpolation: each output sample is a sum of input samples weighted by
// a Blackman-windowed sinc whose cut-off lies below both Nyquist
// frequencies, so downsampling does not alias (a 5 kHz tone at 44.1 kHz
// does not come back at 3 kHz in 8 kHz output).
func Resample(in []float64, from, to int) []float64 {
	if from == to || len(in) == 0 {
		return append([]float64(nil), in...)
	}
	ratio := float64(to) / float64(from)
	n := int(math.Floor(float64(len(in)) * ratio))
	out := make([]float64, n)
	// fc is the cut-off in cycles per input sample.
	fc := cutoff * 0.5 * math.Min(1, ratio)
	half := float64(filterZeros) / (2 * fc) // half-width in input samples
	// Output sample i sits at input position i·M/L; with the rates'
	// greatest common divisor taken out there are only L distinct
	// fractional positions, so the weights are computed once per phase.
	g := gcd(from, to)
	L, M := to/g, from/g
	width := int(2*half) + 2
	var table [][]float64
	if L <= maxPhases {
		table = make([][]float64, L)
	}
	for i := range out {
		base := i * M / L
		phase := i*M - base*L
		t := float64(base) + float64(phase)/float64(L)
		lo := int(math.Ceil(t - half))
		var w []float64
		if table != nil && table[phase] != nil {
			w = table[phase]
		} else {
			w = make([]float64, width)
			for k := range w {
				w[k] = kernel(float64(lo+k)-t, fc, half)
			}
			if table != nil {
				table[phase] = w
			}
		}
		var sum float64
		for k, wk := range w {
			if j := lo + k; j >= 0 && j < len(in) {
				sum += in[j] * wk
			}
		}
		out[i] = sum
	}
	return out
}

// maxPhases bounds the weight table of Resample (L phases × taps).
const maxPhases = 4096

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// kernel is the low-pass impulse response at offset x input samples:
// 2·fc·sinc(2·fc·x) under a Blackman window of half-width half.
func kernel(x, fc, half float64) float64 {
	if math.Abs(x) >= half {
		return 0
	}
	s := 2 * fc
	if x != 0 {
		a := math.Pi * 2 * fc * x
		s = 2 * fc * math.Sin(a) / a
	}
	w := 0.42 + 0.5*math.Cos(math.Pi*x/half) + 0.08*math.Cos(2*math.Pi*x/half)
	return s * w
}
