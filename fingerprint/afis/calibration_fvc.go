package afis

var fvcISOScores, fvcImagesScores []float64
var fvcISOCounts, fvcImagesCounts []int

const fvcISOSource, fvcImagesSource = "", ""
