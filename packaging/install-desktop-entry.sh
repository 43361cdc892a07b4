#!/bin/sh
# Add DeepPrep to this user's application menu, pointing at this folder.
# Remove it again by deleting the two files it names.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$share/applications/deepprep.desktop"
icon="$share/icons/hicolor/scalable/apps/deepprep.svg"
mkdir -p "$(dirname "$entry")" "$(dirname "$icon")"
cp "$here/_internal/resources/icons/deepprep.svg" "$icon"
sed "s|^Exec=.*|Exec=\"$here/DeepPrep\"|" "$here/_internal/resources/deepprep.desktop" > "$entry"
echo "Added DeepPrep to the application menu:"
echo "  $entry"
echo "  $icon"
