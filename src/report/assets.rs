//! The report's static files, embedded in the binary: our stylesheet and scripts
//! (`assets/report/`) and the vendored drawing libraries with their licences
//! (`assets/report/vendor/`, refreshed by `scripts/vendor-report-assets.sh`).

/// (path under the report folder, contents).
pub const FILES: &[(&str, &str)] = &[
    (
        "assets/report.css",
        include_str!("../../assets/report/report.css"),
    ),
    (
        "assets/report.js",
        include_str!("../../assets/report/report.js"),
    ),
    (
        "assets/timeline.js",
        include_str!("../../assets/report/timeline.js"),
    ),
    (
        "assets/chart.js",
        include_str!("../../assets/report/chart.js"),
    ),
    (
        "assets/vendor/vis-network.min.js",
        include_str!("../../assets/report/vendor/vis-network.min.js"),
    ),
    (
        "assets/vendor/vis-network.LICENSE-APACHE-2.0",
        include_str!("../../assets/report/vendor/vis-network.LICENSE-APACHE-2.0"),
    ),
    (
        "assets/vendor/vis-network.LICENSE-MIT",
        include_str!("../../assets/report/vendor/vis-network.LICENSE-MIT"),
    ),
    (
        "assets/vendor/vis-timeline-graph2d.min.js",
        include_str!("../../assets/report/vendor/vis-timeline-graph2d.min.js"),
    ),
    (
        "assets/vendor/vis-timeline.LICENSE-APACHE-2.0",
        include_str!("../../assets/report/vendor/vis-timeline.LICENSE-APACHE-2.0"),
    ),
    (
        "assets/vendor/vis-timeline.LICENSE-MIT",
        include_str!("../../assets/report/vendor/vis-timeline.LICENSE-MIT"),
    ),
    (
        "assets/vendor/VERSIONS",
        include_str!("../../assets/report/vendor/VERSIONS"),
    ),
];
