#!/usr/bin/env bash
# Makes training/demo_media/pdsa-intro.mp4, the short silent video in the demo training
# library (a title card with a seconds counter, H.264 + AAC, moov atom first so it plays
# while it downloads). The file is committed; run this only to remake it (needs ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/../training/demo_media"
FONT=/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x005eb8:s=640x360:d=24:r=10" \
  -f lavfi -i "anullsrc=r=22050:cl=mono" -t 24 \
  -vf "drawtext=fontfile=$FONT:text='Plan, Do, Study, Act':fontcolor=white:fontsize=40:x=(w-text_w)/2:y=120,drawtext=fontfile=$FONT:text='A first test of change, step by step':fontcolor=white:fontsize=22:x=(w-text_w)/2:y=190,drawtext=fontfile=$FONT:text='%{eif\:t\:d} s':fontcolor=white:fontsize=18:x=20:y=320" \
  -c:v libx264 -preset veryslow -crf 36 -pix_fmt yuv420p \
  -c:a aac -b:a 16k -movflags +faststart pdsa-intro.mp4
