import { useState } from 'react';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import VisibilityOutlined from '@mui/icons-material/VisibilityOutlined';
import VisibilityOffOutlined from '@mui/icons-material/VisibilityOffOutlined';

type Props = Omit<TextFieldProps, 'type' | 'slotProps'> & { autoComplete: 'current-password' | 'new-password' };

/** A password TextField with a show/hide toggle that keeps focus in the field. */
export function PasswordField({ autoComplete, ...props }: Props) {
  const [visible, setVisible] = useState(false);
  const toggleName = visible ? 'Hide characters' : 'Show characters';
  return (
    <TextField
      {...props}
      type={visible ? 'text' : 'password'}
      slotProps={{
        htmlInput: { autoComplete, spellCheck: false, autoCapitalize: 'off' },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={toggleName}>
                <IconButton
                  edge="end"
                  aria-label={toggleName}
                  aria-pressed={visible}
                  onClick={() => setVisible((v) => !v)}
                  onMouseDown={(event) => event.preventDefault()}
                  sx={{ color: 'text.secondary' }}
                >
                  {visible ? <VisibilityOffOutlined fontSize="small" /> : <VisibilityOutlined fontSize="small" />}
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
