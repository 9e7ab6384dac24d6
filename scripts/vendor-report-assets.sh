#!/usr/bin/env bash
# Refreshes the drawing libraries of `dossier report` (assets/report/vendor/) from the npm
# registry at the pinned versions below: the standalone minified builds (their CSS is injected
# by the script itself) and their licence files. The binary embeds them (src/report/assets.rs);
# run this, then `cargo test report`, after changing a version.
#
# Why these two: both are kept up by the visjs community under Apache-2.0 OR MIT, draw from
# plain arrays with no build step or framework, work from file://, and carry their CSS in the
# standalone build; the timeline gives zoom, selection and ranges, the network a force layout
# with a shape per node (kinds read without colour) and getPositions/canvasToDOM, which the
# browser test uses to click a node where it is drawn. One family for both views.
set -euo pipefail
VIS_NETWORK_VERSION=10.1.5
VIS_TIMELINE_VERSION=8.5.4

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/assets/report/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "vis-network@$VIS_NETWORK_VERSION" "vis-timeline@$VIS_TIMELINE_VERSION" >/dev/null
mkdir net tl
tar xzf "vis-network-$VIS_NETWORK_VERSION.tgz" -C net
tar xzf "vis-timeline-$VIS_TIMELINE_VERSION.tgz" -C tl
mkdir -p "$dest"
cp net/package/standalone/umd/vis-network.min.js "$dest/vis-network.min.js"
cp net/package/LICENSE-APACHE-2.0 "$dest/vis-network.LICENSE-APACHE-2.0"
cp net/package/LICENSE-MIT "$dest/vis-network.LICENSE-MIT"
cp tl/package/standalone/umd/vis-timeline-graph2d.min.js "$dest/vis-timeline-graph2d.min.js"
cp tl/package/LICENSE.Apache-2.0.txt "$dest/vis-timeline.LICENSE-APACHE-2.0"
cp tl/package/LICENSE.MIT.txt "$dest/vis-timeline.LICENSE-MIT"
# the source maps point at files not shipped; drop the comment so browsers do not ask for them
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/vis-network.min.js" "$dest/vis-timeline-graph2d.min.js"
cat >"$dest/VERSIONS" <<V
vis-network $VIS_NETWORK_VERSION (Apache-2.0 OR MIT)
vis-timeline $VIS_TIMELINE_VERSION (Apache-2.0 OR MIT)
V
echo "vendored into $dest:"
ls -l "$dest"
