import { Image } from 'antd';
import { photoUrl } from './cases-api';

/** Thumbnails that open the large rendition (swipe through them on a phone). */
export function PhotoThumbs({ ids, size = 72 }: { ids: readonly string[]; size?: number }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <div className="cc-photo-grid" data-testid="photo-thumbs">
        {ids.map((id) => (
          <Image
            key={id}
            src={photoUrl(id, 'thumb')}
            preview={{ src: photoUrl(id, 'large') }}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
