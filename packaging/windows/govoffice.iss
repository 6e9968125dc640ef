; Inno Setup script of the Windows installer (Inno Setup 6): installs the PyInstaller folder
; packaging\dist\govoffice\ (made by packaging\govoffice.spec) with Start-menu and desktop icons.
; packaging\windows\build.ps1 makes the folder, smoke-tests it, then compiles this script:
;     iscc /DAppVersion=0.1.0 packaging\windows\govoffice.iss
; Output: packaging\dist\govoffice-desktop-VERSION-setup.exe.
; NOT built or tested on the project's Linux machines (no Windows, no Inno Setup there).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{8E0B3C55-6F2A-4C4B-9D7A-3A1F2E6B9C01}
AppName=政府办公室管理系统
AppVersion={#AppVersion}
AppVerName=政府办公室管理系统 {#AppVersion}
AppPublisher=govoffice-desktop
DefaultDirName={autopf}\GovOffice
DefaultGroupName=政府办公室管理系统
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\govoffice.exe
SetupIconFile=..\build\govoffice.ico
OutputDir=..\dist
OutputBaseFilename=govoffice-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; An office PC without administrator rights can still install for its own user.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: govoffice.exe (the window), govoffice-cli.exe (the commands), _internal\.
Source: "..\dist\govoffice\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\政府办公室管理系统"; Filename: "{app}\govoffice.exe"
Name: "{group}\政府办公室管理系统（演示）"; Filename: "{app}\govoffice.exe"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,政府办公室管理系统}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\政府办公室管理系统"; Filename: "{app}\govoffice.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\govoffice.exe"; Description: "{cm:LaunchProgram,政府办公室管理系统}"; Flags: nowait postinstall skipifsilent
