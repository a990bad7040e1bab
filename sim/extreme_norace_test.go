//go:build !race

package sim

// extremeYears is the horizon of the daily-step extreme runs: 30 years,
// 10,950 steps a path.
const extremeYears = 30

// propertyScenarios is the number of random scenarios the property tests
// draw.
const propertyScenarios = 24

// raceDetector reports whether the tests run under the race detector,
// whose instrumentation changes what a run allocates.
const raceDetector = false
