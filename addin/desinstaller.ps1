# Désinstallation de rs-instruction pour l'utilisateur courant (sans droits d'administrateur).
# NON TESTÉ ICI : ce script n'a pas été exécuté sur un poste Windows (voir addin/README.md).
# Fermez Excel avant de le lancer :
#   powershell -ExecutionPolicy Bypass -File addin\desinstaller.ps1
$ErrorActionPreference = "Continue"
$Dossier = Join-Path $env:LOCALAPPDATA "rs-instruction"
$Venv = Join-Path $Dossier "venv"
$Xlwings = Join-Path $Venv "Scripts\xlwings.exe"

if (Test-Path $Xlwings) {
    Write-Host "1. Retrait du complément xlwings (dossier XLSTART)"
    & $Xlwings addin remove
}
Write-Host "2. Suppression de la configuration xlwings de l'utilisateur"
Remove-Item (Join-Path $env:USERPROFILE ".xlwings\xlwings.conf") -ErrorAction SilentlyContinue
Write-Host "3. Suppression de l'environnement Python $Dossier"
Remove-Item $Dossier -Recurse -Force -ErrorAction SilentlyContinue
Write-Host "Terminé. Les classeurs .xlsm gardent leur module VBA « xlwings_udfs » : sans le complément,"
Write-Host "leurs formules affichent #NOM? au prochain recalcul (les copies calculées restent lisibles)."
